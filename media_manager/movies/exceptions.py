from media_manager.core.errors import Conflict, NotFound


class MovieNotFound(NotFound):
    pass


class MovieAlreadyExists(Conflict):
    pass
