"""Downloads handed to a client, the episodes each is for, and releases never to grab again."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from media_manager.core.database import Base, UtcDateTime

# Statuses of downloads still in progress (the queue); the others are the history.
ACTIVE_STATUSES = ("queued", "downloading", "stalled", "paused")
FINISHED_STATUSES = ("completed", "failed", "missing")

download_episodes = Table(
    "download_episodes",
    Base.metadata,
    Column(
        "download_id",
        Uuid,
        ForeignKey("downloads.id", ondelete="CASCADE"),
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


class Download(Base):
    __tablename__ = "downloads"
    __table_args__ = (
        # The poller's lookup of one client's downloads, and the duplicate check of a grab.
        Index("ix_downloads_client_client_item_id", "client", "client_item_id"),
        # Queue and history pages: filtered by status, newest grab first.
        Index("ix_downloads_status_grabbed_at", "status", "grabbed_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # The client's name in [[downloads.clients]], and its id for the download (info hash for
    # torrents, nzo_id for SABnzbd, NZBID for NZBGet).
    client: Mapped[str] = mapped_column(String(100))
    client_item_id: Mapped[str] = mapped_column(String(200))
    # "torrent" or "usenet"
    protocol: Mapped[str] = mapped_column(String(8))
    # The release name as the indexer gave it.
    title: Mapped[str] = mapped_column(Text)
    indexer: Mapped[str | None] = mapped_column(String(200))
    guid: Mapped[str | None] = mapped_column(Text)
    info_url: Mapped[str | None] = mapped_column(Text)
    info_hash: Mapped[str | None] = mapped_column(String(64))
    # A quality id of GET /api/v1/profiles/qualities.
    quality: Mapped[str | None] = mapped_column(String(32))
    # What the search knew of the release: size, seeders, score, flags, the parser's reading.
    release: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # queued, downloading, stalled, paused, completed, failed, missing
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    size: Mapped[int | None] = mapped_column(BigInteger)
    downloaded: Mapped[int | None] = mapped_column(BigInteger)
    download_speed: Mapped[int | None] = mapped_column(BigInteger)
    upload_speed: Mapped[int | None] = mapped_column(BigInteger)
    eta_seconds: Mapped[int | None] = mapped_column(BigInteger)
    ratio: Mapped[float | None] = mapped_column(Float)
    # Where the client says the content is, and the same path as this app sees it.
    content_path: Mapped[str | None] = mapped_column(Text)
    local_path: Mapped[str | None] = mapped_column(Text)
    # The client's reason for a failure, or why the poller gave up on the download.
    error: Mapped[str | None] = mapped_column(Text)
    # "tv" or "movie"
    kind: Mapped[str] = mapped_column(String(8))
    show_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("shows.id", ondelete="SET NULL"), index=True
    )
    movie_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("movies.id", ondelete="SET NULL"), index=True
    )
    season_number: Mapped[int | None] = mapped_column(Integer)

    @property
    def item_id(self) -> uuid.UUID | None:
        """The show or movie it is for; None once that was deleted."""
        return self.show_id if self.kind == "tv" else self.movie_id

    grabbed_by: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    grabbed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # When the download last made progress; a stall is measured from here.
    progressed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The fetched .torrent/.nzb (or magnet link) under the data dir, relative to it.
    release_file: Mapped[str | None] = mapped_column(Text)


class BlocklistEntry(Base):
    __tablename__ = "blocklist"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    title: Mapped[str] = mapped_column(Text, index=True)
    guid: Mapped[str | None] = mapped_column(Text)
    info_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    indexer: Mapped[str | None] = mapped_column(String(200))
    protocol: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(8))
    show_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("shows.id", ondelete="CASCADE"), index=True
    )
    movie_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("movies.id", ondelete="CASCADE"), index=True
    )
    added_by: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL")
    )
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
