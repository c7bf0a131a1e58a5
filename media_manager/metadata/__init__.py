"""Show and movie metadata from TMDB and TVDB, fetched through the metadata relay."""
