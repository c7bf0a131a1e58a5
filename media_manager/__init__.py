"""MediaManager: one self-hosted app for TV shows and movies."""
