"""Searching indexers for a show's season or episode or for a movie, and judging every result."""
