"""Indexers that keep failing: stored so that a restart keeps backing off from them."""

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from media_manager.core.database import Base, UtcDateTime


class IndexerFailure(Base):
    """One indexer's failures in a row; the row goes when a request to it succeeds."""

    __tablename__ = "indexer_failures"

    # The indexer's name as configured (or as Prowlarr lists it).
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
