"""Quality profiles and scoring rules: what a release must be, and what makes it preferred."""
