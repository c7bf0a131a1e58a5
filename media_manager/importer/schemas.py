import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from media_manager.core.schemas import ExternalId, InputSchema, Name, Schema, Storable
from media_manager.importer.naming import check_template
from media_manager.profiles.qualities import QUALITY_IDS

ImportOutcome = Literal["imported", "blocked", "failed"]
ImportStatus = Literal["pending", "imported", "blocked", "failed"]
QualityId = Literal[QUALITY_IDS]  # type: ignore[valid-type]
RelativePath = Annotated[str, StringConstraints(min_length=1, max_length=4096), Storable]
LanguageCode = Annotated[str, StringConstraints(min_length=2, max_length=16), Storable]
VersionTag = Annotated[str, StringConstraints(max_length=100), Storable]


class FileSuggestion(Schema):
    unit_ids: list[uuid.UUID]
    season: int | None
    episodes: list[int]
    quality: str
    languages: list[str]
    # Where the file would go, relative to the library root.
    target: str | None


class ImportFileRead(Schema):
    """A file of a download, as the importer reads it."""

    path: str
    size: int
    kind: Literal["video", "subtitle", "archive", "skipped"]
    # Why the file would not be imported as it is (no match, a sample, ...).
    reason: str | None = None
    suggestion: FileSuggestion | None = None


class ImportChoice(InputSchema):
    """The user's word on one video: which episodes (or the movie), quality and languages."""

    path: RelativePath
    unit_ids: list[uuid.UUID] = Field(min_length=1, max_length=100)
    quality: QualityId | None = None
    languages: list[LanguageCode] | None = Field(None, max_length=20)
    version_tag: VersionTag | None = None


class ImportRequest(InputSchema):
    # None: import what matches automatically (a retry); else only these files, as chosen.
    files: list[ImportChoice] | None = Field(None, max_length=5000)


class ImportedFile(Schema):
    source: str
    target: str | None = None
    # "imported", "already" (there from an earlier attempt), "skipped", "blocked", "failed"
    outcome: str
    reason: str | None = None


class ImportRecordRead(Schema):
    id: uuid.UUID
    download_id: uuid.UUID | None
    title: str
    kind: Literal["tv", "movie"]
    show_id: uuid.UUID | None
    movie_id: uuid.UUID | None
    outcome: ImportOutcome
    reason: str | None
    files: list[ImportedFile]
    at: datetime


class BlockedImportRead(Schema):
    download_id: uuid.UUID
    title: str
    kind: Literal["tv", "movie"]
    status: ImportStatus
    reason: str | None
    attempts: int
    updated_at: datetime


class SubtitleRead(Schema):
    path: str
    language: str | None
    forced: bool
    sdh: bool
    cc: bool


class MediaFileRead(Schema):
    id: uuid.UUID
    library: str
    # Relative to the library's root folder.
    path: str
    size: int
    quality: str
    source: str | None
    resolution: int | None
    modifier: str | None
    release_group: str | None
    edition: str | None
    version_tag: str
    languages: list[str]
    original_name: str | None
    download_id: uuid.UUID | None
    episode_ids: list[uuid.UUID]
    subtitles: list[SubtitleRead]
    added_at: datetime


ScanStatus = Literal["pending", "queued", "added", "ignored", "failed"]
ScanConfidence = Literal["id tag", "title and year", "title", "guess", "none"]


class ScanFolderRead(Schema):
    """A folder of a library root that no show or movie owned when scanned, with a match."""

    id: uuid.UUID
    kind: Literal["tv", "movie"]
    library: str
    folder: str
    provider: Literal["tmdb", "tvdb"] | None
    external_id: int | None
    title: str | None
    year: int | None
    confidence: ScanConfidence
    reason: str | None
    status: ScanStatus
    error: str | None
    item_id: uuid.UUID | None
    # Files recorded in place by the import, and those that matched nothing.
    registered: int
    unmatched: list[str]
    scanned_at: datetime
    updated_at: datetime


class JobStarted(Schema):
    job_id: str
    message: str


class ScanImportFolder(InputSchema):
    """One scanned folder to import, with the item it holds (the suggestion when left out)."""

    id: uuid.UUID
    provider: Literal["tmdb", "tvdb"] | None = None
    external_id: ExternalId | None = None


class ScanImportRequest(InputSchema):
    folders: list[ScanImportFolder] = Field(min_length=1, max_length=5000)
    quality_profile: Name | None = None
    monitored: bool = True


class ScanImportQueued(Schema):
    queued: int
    job_id: str
    message: str


class RenameRead(Schema):
    """A file of the library whose name the current naming templates would change."""

    file_id: uuid.UUID
    old_path: str
    new_path: str


class RenameRefusedRead(RenameRead):
    reason: str


class RenameResult(Schema):
    renamed: list[RenameRead]
    refused: list[RenameRefusedRead]


def _usable_template(value: str) -> str:
    # TemplateError is a ValueError: a bad template answers 422 naming the field and the token.
    return check_template(value)


Template = Annotated[
    str, StringConstraints(min_length=1, max_length=500), AfterValidator(_usable_template)
]


class NamingPreviewRequest(InputSchema):
    """Templates to try before saving them; a template left out is the one in use."""

    show_folder: Template | None = None
    season_folder: Template | None = None
    episode_file: Template | None = None
    movie_folder: Template | None = None
    movie_file: Template | None = None


class NamingPreview(Schema):
    """Where sample files would go, relative to their library's root."""

    episode: str
    multi_episode: str
    movie: str
