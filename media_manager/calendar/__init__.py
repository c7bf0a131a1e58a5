"""The calendar: monitored episodes airing and movies releasing, as JSON and as an iCal feed."""
