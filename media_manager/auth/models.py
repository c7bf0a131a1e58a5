"""Users, their linked OIDC identities, API keys, feed tokens and ended sessions."""

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


class FeedToken(Base):
    """The secret in a user's calendar feed address; it opens that feed and nothing else."""

    __tablename__ = "feed_tokens"

    # One per user: rotating replaces it, so an old address stops working.
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # SHA-256 of the token, like API keys.
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime, server_default=func.now(), nullable=False
    )
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class RevokedSession(Base):
    """A login (cookie or bearer token) ended by logging out before it expired.

    Kept until the token would have expired anyway; then it is pruned.
    """

    __tablename__ = "revoked_sessions"

    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, index=True)
