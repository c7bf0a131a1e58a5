from media_manager.core.errors import Conflict, NotFound


class ShowNotFound(NotFound):
    pass


class SeasonNotFound(NotFound):
    pass


class EpisodeNotFound(NotFound):
    pass


class ShowAlreadyExists(Conflict):
    pass
