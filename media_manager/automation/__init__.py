"""Automation: wanted lists, automatic and scheduled searches, RSS sync, failed downloads."""
