"""Shows, seasons and episodes; one row per episode the provider lists."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from media_manager.core.database import Base, UtcDateTime
from media_manager.metadata.schemas import MetadataProviderName


class Show(Base):
    __tablename__ = "shows"
    __table_args__ = (UniqueConstraint("metadata_provider", "external_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    metadata_provider: Mapped[MetadataProviderName] = mapped_column(String(16))
    # Providers' ids: 64-bit, as nothing promises they stay below 2**31.
    external_id: Mapped[int] = mapped_column(BigInteger)
    tmdb_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    tvdb_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    imdb_id: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(512), index=True)
    overview: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer)
    # "continuing" or "ended"
    status: Mapped[str] = mapped_column(String(16))
    network: Mapped[str | None] = mapped_column(String(255))
    genres: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Other names from the provider; release names often use one of them instead.
    alternate_titles: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    original_language: Mapped[str | None] = mapped_column(String(16))
    runtime: Mapped[int | None] = mapped_column(Integer)
    poster_url: Mapped[str | None] = mapped_column(String(1024))
    # The poster_url the stored poster images were made from; None until one is downloaded.
    poster_source_url: Mapped[str | None] = mapped_column(String(1024))
    library: Mapped[str] = mapped_column(String(100))
    quality_profile: Mapped[str] = mapped_column(String(100))
    # "all", "future", "missing" or "none": which episodes are monitored when they appear
    monitor: Mapped[str] = mapped_column(String(16))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_refreshed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Seasons the provider listed but did not answer for at the last add or refresh, as
    # {"number", "reason", "attempts"}: their rows are kept as they were, and the refresh job
    # tries the show again at retry_failed_seasons_at (sooner than its normal interval).
    failed_seasons: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default="[]"
    )
    retry_failed_seasons_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @property
    def has_poster(self) -> bool:
        return self.poster_source_url is not None

    @property
    def needs_poster(self) -> bool:
        """The provider has a poster that is not stored yet (new, changed or failed before)."""
        return self.poster_url is not None and self.poster_url != self.poster_source_url

    seasons: Mapped[list["Season"]] = relationship(
        back_populates="show",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise",
        order_by="Season.number",
    )


class Season(Base):
    __tablename__ = "seasons"
    __table_args__ = (UniqueConstraint("show_id", "number"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    show_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("shows.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(512))
    overview: Mapped[str] = mapped_column(Text, default="")
    air_date: Mapped[date | None] = mapped_column(Date)
    monitored: Mapped[bool] = mapped_column(Boolean)

    show: Mapped[Show] = relationship(back_populates="seasons", lazy="raise")
    episodes: Mapped[list["Episode"]] = relationship(
        back_populates="season",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise",
        order_by="Episode.number",
    )


class Episode(Base):
    __tablename__ = "episodes"
    __table_args__ = (UniqueConstraint("season_id", "number"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    season_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("seasons.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(512))
    overview: Mapped[str] = mapped_column(Text, default="")
    air_date: Mapped[date | None] = mapped_column(Date, index=True)
    monitored: Mapped[bool] = mapped_column(Boolean)
    # Set by imports (a later slice) once a file for the episode is in the library.
    has_file: Mapped[bool] = mapped_column(Boolean, default=False)

    season: Mapped[Season] = relationship(back_populates="episodes", lazy="raise")


# The list's sort orders, with the id that ends its ORDER BY. The title search index is not a
# model: see media_manager/library/search_index.py.
Index("ix_shows_sort_name", func.lower(Show.name), Show.id)
Index("ix_shows_sort_added", Show.added_at, Show.id)
# NULL years last in both orders (see _ordering in the repository).
Index("ix_shows_sort_year", Show.year.is_(None), Show.year, Show.id)
Index("ix_shows_sort_year_desc", Show.year.is_(None), -Show.year, Show.id)
