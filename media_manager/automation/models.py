"""What automation decided, and when each wanted item was last searched."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from media_manager.core.database import Base, UtcDateTime


class AutomationDecision(Base):
    """One automatic decision: what was searched (or read from a feed), grabbed or not, why."""

    __tablename__ = "automation_decisions"
    __table_args__ = (Index("ix_automation_decisions_created_at", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # What started it: new, sweep, upgrade, rss, search_now, wanted, failed_download
    trigger: Mapped[str] = mapped_column(String(32))
    # grabbed, nothing (no accepted release), skipped, failed, blocklisted
    outcome: Mapped[str] = mapped_column(String(16), index=True)
    # "tv" or "movie"
    kind: Mapped[str] = mapped_column(String(8))
    show_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("shows.id", ondelete="CASCADE"), index=True
    )
    movie_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("movies.id", ondelete="CASCADE"), index=True
    )
    season_number: Mapped[int | None] = mapped_column(Integer)
    episode_number: Mapped[int | None] = mapped_column(Integer)
    # "Show Name S01E02", "Show Name season 1", "Movie Title (1999)"
    subject: Mapped[str] = mapped_column(Text)
    # Why, in plain words.
    message: Mapped[str] = mapped_column(Text)
    release_title: Mapped[str | None] = mapped_column(Text)
    indexer: Mapped[str | None] = mapped_column(String(200))
    download_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("downloads.id", ondelete="SET NULL"), index=True
    )
    requested_by: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL")
    )
    # {"rejected": [{title, indexer, reasons}], "skipped": [{title, reason}],
    #  "indexers": [{name, ok, error}]}: the best few of each, not every result.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SearchState(Base):
    """When a wanted unit (an episode or a movie) was last searched, and whether a search of it
    was asked for. Keyed by the unit's id; rows of deleted units are ignored by every query."""

    __tablename__ = "automation_search_state"

    unit_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    # "tv" or "movie"
    kind: Mapped[str] = mapped_column(String(8))
    last_searched_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    # Set by POST /wanted/search; the automation.search_wanted job clears it.
    requested_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    requested_by: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL")
    )
