from media_manager.core.errors import NotFound


class NotificationNotFound(NotFound):
    pass
