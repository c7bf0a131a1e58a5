"""Files in the libraries, their subtitles, and what each import did."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from media_manager.core.database import Base, UtcDateTime

media_file_episodes = Table(
    "media_file_episodes",
    Base.metadata,
    Column(
        "media_file_id",
        Uuid,
        ForeignKey("media_files.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "episode_id",
        Uuid,
        ForeignKey("episodes.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class MediaFile(Base):
    """A video in a library: an episode file (of one or more episodes) or a movie file."""

    __tablename__ = "media_files"
    __table_args__ = (UniqueConstraint("kind", "library", "path"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # "tv" or "movie"
    kind: Mapped[str] = mapped_column(String(8))
    show_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("shows.id", ondelete="CASCADE"), index=True
    )
    movie_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("movies.id", ondelete="CASCADE"), index=True
    )
    library: Mapped[str] = mapped_column(String(100))
    # Relative to the library's root folder, with "/" separators.
    path: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    # A quality id of GET /api/v1/profiles/qualities, and the parser's reading it came from.
    quality: Mapped[str] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(String(32))
    resolution: Mapped[int | None] = mapped_column(Integer)
    # "proper" or "repack" when the release says so.
    modifier: Mapped[str | None] = mapped_column(String(16))
    release_group: Mapped[str | None] = mapped_column(String(200))
    edition: Mapped[str | None] = mapped_column(String(200))
    # Files with different version tags sit side by side; "" is the main version.
    version_tag: Mapped[str] = mapped_column(String(100), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The file's name in the download it came from.
    original_name: Mapped[str | None] = mapped_column(Text)
    download_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("downloads.id", ondelete="SET NULL"), index=True
    )
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SubtitleFile(Base):
    __tablename__ = "subtitle_files"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    media_file_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("media_files.id", ondelete="CASCADE"), index=True
    )
    # Relative to the library's root folder, like the video's.
    path: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    sdh: Mapped[bool] = mapped_column(Boolean, default=False)
    cc: Mapped[bool] = mapped_column(Boolean, default=False)


class DownloadImport(Base):
    """Where the import of one completed download stands: pending, imported, blocked, failed."""

    __tablename__ = "download_imports"

    download_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("downloads.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ImportRecord(Base):
    """One attempt to import: what went where, or why nothing did."""

    __tablename__ = "import_history"
    __table_args__ = (Index("ix_import_history_at", "at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    download_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("downloads.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(8))
    show_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("shows.id", ondelete="SET NULL"), index=True
    )
    movie_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("movies.id", ondelete="SET NULL"), index=True
    )
    # "imported", "blocked" or "failed"
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    # [{"source", "target", "outcome", "reason"}], one per file looked at.
    files: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class LibraryScanFolder(Base):
    """A folder of a library root that no show or movie owns yet, with the suggested match."""

    __tablename__ = "library_scan_folders"
    __table_args__ = (UniqueConstraint("kind", "library", "folder"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # "tv" or "movie"
    kind: Mapped[str] = mapped_column(String(8))
    library: Mapped[str] = mapped_column(String(100))
    # The folder's name, directly under the library's root.
    folder: Mapped[str] = mapped_column(Text)
    provider: Mapped[str | None] = mapped_column(String(8))
    external_id: Mapped[int | None] = mapped_column(BigInteger)
    title: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    # "id tag", "title and year", "title" or "none"; `reason` says it in words.
    confidence: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    # pending, queued (import asked for), added, ignored, failed
    status: Mapped[str] = mapped_column(String(16), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    # What a queued import adds the item with.
    quality_profile: Mapped[str | None] = mapped_column(String(100))
    monitored: Mapped[bool | None] = mapped_column(Boolean)
    item_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    registered: Mapped[int] = mapped_column(Integer, default=0)
    # Files of the folder that matched nothing (relative to the folder).
    unmatched: Mapped[list[str]] = mapped_column(JSON, default=list)
    scanned_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
