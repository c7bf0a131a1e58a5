"""Indexer integrations behind one abstract base."""
