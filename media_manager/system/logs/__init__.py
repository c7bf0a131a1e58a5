"""The server's recent log records, kept in memory for the system page."""
