"""Indexers: Torznab/Newznab endpoints (direct, Jackett, Prowlarr) searched concurrently."""
