"""Search results kept for a while, so that a later download can refer to one by its id."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from media_manager.core.database import Base, UtcDateTime


class SearchResult(Base):
    __tablename__ = "search_results"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
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
    # The result's place in the sorted answer, 0 first.
    position: Mapped[int] = mapped_column(Integer)
    indexer: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    # "torrent" or "usenet"
    protocol: Mapped[str] = mapped_column(String(8))
    # Carries the indexer's or tracker's credentials: never shown to non-administrators.
    download_url: Mapped[str | None] = mapped_column(Text)
    magnet_url: Mapped[str | None] = mapped_column(Text)
    info_hash: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    # As the indexer reports it: 64-bit, so a tracker's odd number cannot overflow the column.
    seeders: Mapped[int | None] = mapped_column(BigInteger)
    flags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    quality: Mapped[str] = mapped_column(String(32))
    score: Mapped[int] = mapped_column(Integer)
    # How the score came about: ["+10 proper", "+25 preferred word x265", ...]
    score_details: Mapped[list[Any]] = mapped_column(JSON, default=list)
    accepted: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The indexer's whole result (links included) and the parser's reading, as JSON.
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
