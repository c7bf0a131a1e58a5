"""Administration of the running app (scheduled jobs and their history)."""
