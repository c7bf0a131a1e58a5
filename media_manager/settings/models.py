"""Settings stored in the database: collection entries, singleton values and the change log."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from media_manager.core.database import Base, UtcDateTime


class SettingsEntry(Base):
    """One entry of a collection (an indexer, a download client, a library root)."""

    __tablename__ = "settings_entries"
    __table_args__ = (UniqueConstraint("section", "name_key"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # A settings section key, e.g. "indexers"; sections live in code (settings/sections.py).
    section: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(100))
    # The name case-folded: names are unique per section regardless of case.
    name_key: Mapped[str] = mapped_column(String(100))
    # The entry as its section model dumps it to JSON, secrets included in clear: they are
    # needed to talk to the indexer or client (the database is private to the app).
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SettingsValues(Base):
    """The fields of a singleton section set through the API (others come from the file)."""

    __tablename__ = "settings_values"

    section: Mapped[str] = mapped_column(String(50), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SettingsChange(Base):
    """Who changed which setting when; secret values are never written here."""

    __tablename__ = "settings_changes"
    __table_args__ = (Index("ix_settings_changes_at", "at"),)

    # An integer so that changes made within one clock tick keep their order.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL")
    )
    # Kept as it was at the time: the account may be deleted or renamed later.
    user_email: Mapped[str] = mapped_column(String(320))
    section: Mapped[str] = mapped_column(String(50))
    # The entry's name for collections, None for singletons.
    entry_name: Mapped[str | None] = mapped_column(String(100))
    # "create", "update" or "delete"
    action: Mapped[str] = mapped_column(String(16))
    # field -> {"old": ..., "new": ...}; secrets as {"secret": true} only.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
