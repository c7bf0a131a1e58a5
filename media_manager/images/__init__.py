"""Posters of shows and movies: downloaded once, kept as the original and a small WebP."""
