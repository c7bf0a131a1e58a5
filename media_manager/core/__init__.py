"""Plumbing shared by every domain: settings, database, errors, logging, HTTP."""
