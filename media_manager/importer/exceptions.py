from media_manager.core.errors import Conflict, NotFound


class ImportNotReady(Conflict):
    """Importing a download that has not completed."""


class ImportFileNotFound(NotFound):
    """A manual import names a file the download does not have."""


class ImportInProgress(Conflict):
    """The download is being imported right now."""
