from media_manager.core.errors import NotFound


class SearchResultNotFound(NotFound):
    """The result never existed or was removed after its time (see [search] results_ttl_hours)."""
