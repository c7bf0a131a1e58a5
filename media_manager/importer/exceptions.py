from fastapi import status

from media_manager.core.errors import AppError, Conflict, NotFound


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


class NamingTemplateUnusable(AppError):
    """A template that parses but cannot name a sample file (a format spec that does not suit
    the value, such as {tvdb_id:s})."""

    status_code = status.HTTP_422_UNPROCESSABLE_CONTENT
