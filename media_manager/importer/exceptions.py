from media_manager.core.errors import Conflict, NotFound


class ImportNotReady(Conflict):
    """Importing a download that has not completed."""


class ImportFileNotFound(NotFound):
    """A manual import names a file the download does not have."""


class ImportInProgress(Conflict):
    """The download is being imported right now."""


class ScanFolderNotFound(NotFound):
    """A bulk import names a folder the library scan did not record."""


class ScanFolderUnmatched(Conflict):
    """A bulk import of a folder without a match, and none given."""
