"""Users, their linked OIDC identities and their API keys."""

import uuid
from datetime import datetime

from fastapi_users_db_sqlalchemy import (
    SQLAlchemyBaseOAuthAccountTable,
    SQLAlchemyBaseUserTable,
)
from sqlalchemy import ForeignKey, String, Uuid, func
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from media_manager.core.database import Base, UtcDateTime


class OAuthAccount(SQLAlchemyBaseOAuthAccountTable[uuid.UUID], Base):
    __tablename__ = "oauth_accounts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)

    @declared_attr
    def user_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(
            Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
        )


class User(SQLAlchemyBaseUserTable[uuid.UUID], Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime, server_default=func.now(), nullable=False
    )
    # Loaded only where fastapi-users' OAuth callback reads it (UserDatabase), not on every
    # authenticated request.
    oauth_accounts: Mapped[list[OAuthAccount]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    # The first characters of the key, shown in lists so users can tell keys apart.
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    # SHA-256 of the whole key: keys are long random strings, so a fast hash is enough.
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime, server_default=func.now(), nullable=False
    )
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    user: Mapped[User] = relationship(lazy="raise")
