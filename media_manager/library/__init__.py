"""Libraries: named folders that shows and movies are filed into."""
