"""Settings managed in the app: stored in the database, merged over the config file."""
