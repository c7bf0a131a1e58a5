"""TV shows, their seasons and episodes."""
