"""Queries about users and API keys that fastapi-users' adapter does not cover."""

import uuid
from datetime import datetime
from typing import Any

from fastapi_users_db_sqlalchemy import SQLAlchemyUserDatabase
from sqlalchemy import delete, exists, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from media_manager.auth.models import ApiKey, FeedToken, OAuthAccount, RevokedSession, User

# Any constants work; each only has to be the same for every transaction that takes it.
_REGISTRATION_LOCK_KEY = 7_341_001
_ADMIN_CHANGE_LOCK_KEY = 7_341_002


class UserDatabase(SQLAlchemyUserDatabase[User, uuid.UUID]):
    """fastapi-users' adapter, made to flush instead of commit.

    The stock adapter commits after every write, which would split a sign-up over several
    transactions (the account would exist, active, before the approval rule applied).
    Here the request's one transaction decides.
    """

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, User, OAuthAccount)

    async def get_by_oauth_account(self, oauth: str, account_id: str) -> User | None:
        query = (
            select(User)
            .join(OAuthAccount)
            .where(OAuthAccount.oauth_name == oauth, OAuthAccount.account_id == account_id)
            .options(selectinload(User.oauth_accounts))
        )
        return (await self.session.execute(query)).unique().scalar_one_or_none()

    async def get_by_email(self, email: str) -> User | None:
        # Also the OAuth callback's way to find an account to link, which appends to
        # oauth_accounts: load them.
        query = (
            select(User)
            .where(func.lower(User.email) == func.lower(email))
            .options(selectinload(User.oauth_accounts))
        )
        return (await self.session.execute(query)).unique().scalar_one_or_none()

    async def create(self, create_dict: dict[str, Any]) -> User:
        user = User(**create_dict)
        self.session.add(user)
        await self.session.flush()
        await self.session.refresh(user)
        return user

    async def update(self, user: User, update_dict: dict[str, Any]) -> User:
        for key, value in update_dict.items():
            setattr(user, key, value)
        await self.session.flush()
        return user

    async def delete(self, user: User) -> None:
        await self.session.delete(user)
        await self.session.flush()

    async def add_oauth_account(self, user: User, create_dict: dict[str, Any]) -> User:
        await self.session.refresh(user, ["oauth_accounts"])
        user.oauth_accounts.append(OAuthAccount(**create_dict))
        await self.session.flush()
        return user

    async def update_oauth_account(
        self, user: User, oauth_account: OAuthAccount, update_dict: dict[str, Any]
    ) -> User:
        for key, value in update_dict.items():
            setattr(oauth_account, key, value)
        await self.session.flush()
        return user


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_registrations(self) -> None:
        """Serialise sign-ups until commit, so two first sign-ups cannot both become admin."""
        if self.session.bind.dialect.name == "postgresql":
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _REGISTRATION_LOCK_KEY}
            )
        # SQLite already allows a single writer at a time.

    async def lock_admin_changes(self) -> None:
        """Serialise demotions, deactivations and deletions until commit.

        Without it two admins demoting each other both count two admins, and both succeed.
        On SQLite every write transaction begins IMMEDIATE, holding the single write lock.
        """
        if self.session.bind.dialect.name == "postgresql":
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADMIN_CHANGE_LOCK_KEY}
            )

    async def count(self) -> int:
        return (await self.session.execute(select(func.count()).select_from(User))).scalar_one()

    async def count_active_admins(self) -> int:
        query = (
            select(func.count())
            .select_from(User)
            .where(User.is_superuser.is_(True), User.is_active.is_(True))
        )
        return (await self.session.execute(query)).scalar_one()

    async def get(self, user_id: uuid.UUID, *, fresh: bool = False) -> User | None:
        # fresh: read the row again even when the session holds it from an earlier transaction.
        return await self.session.get(User, user_id, populate_existing=fresh)

    async def list(
        self, *, offset: int, limit: int, is_active: bool | None = None
    ) -> tuple[list[User], int]:
        query = select(User)
        count_query = select(func.count()).select_from(User)
        if is_active is not None:
            query = query.where(User.is_active.is_(is_active))
            count_query = count_query.where(User.is_active.is_(is_active))
        query = query.order_by(User.created_at, User.email).offset(offset).limit(limit)
        users = list((await self.session.execute(query)).scalars())
        total = (await self.session.execute(count_query)).scalar_one()
        return users, total

    async def set_flags(self, user: User, **flags: bool) -> User:
        for name, value in flags.items():
            setattr(user, name, value)
        await self.session.flush()
        return user

    async def get_with_session_revoked(
        self, user_id: uuid.UUID, session_id: str
    ) -> tuple[User, bool] | None:
        """The user and whether their login `session_id` has ended, in one statement."""
        revoked = exists().where(RevokedSession.session_id == session_id)
        row = (await self.session.execute(select(User, revoked).where(User.id == user_id))).first()
        return None if row is None else (row[0], bool(row[1]))

    async def session_revoked(self, session_id: str) -> bool:
        query = select(RevokedSession.session_id).where(RevokedSession.session_id == session_id)
        return (await self.session.execute(query)).first() is not None

    async def revoke_session(self, session_id: str, expires_at: datetime, now: datetime) -> None:
        """Record an ended login, and forget those that have expired by themselves."""
        await self.session.execute(delete(RevokedSession).where(RevokedSession.expires_at < now))
        if await self.session_revoked(session_id):
            return
        try:
            # A savepoint: a simultaneous logout of the same session may insert it first,
            # which is just as good and must not abort the request's transaction.
            async with self.session.begin_nested():
                self.session.add(RevokedSession(session_id=session_id, expires_at=expires_at))
        except IntegrityError:
            pass


class ApiKeyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, api_key: ApiKey) -> ApiKey:
        self.session.add(api_key)
        await self.session.flush()
        await self.session.refresh(api_key)
        return api_key

    async def list_for_user(self, user_id: uuid.UUID) -> list[ApiKey]:
        query = select(ApiKey).where(ApiKey.user_id == user_id).order_by(ApiKey.created_at)
        return list((await self.session.execute(query)).scalars())

    async def delete(self, user_id: uuid.UUID, api_key_id: uuid.UUID) -> bool:
        result = await self.session.execute(
            delete(ApiKey).where(ApiKey.id == api_key_id, ApiKey.user_id == user_id)
        )
        return result.rowcount > 0

    async def get_user_by_hash(self, key_hash: str) -> tuple[ApiKey, User] | None:
        query = select(ApiKey, User).join(User, User.id == ApiKey.user_id)
        row = (await self.session.execute(query.where(ApiKey.key_hash == key_hash))).first()
        return None if row is None else (row[0], row[1])

    async def touch(self, api_key_id: uuid.UUID, when: datetime) -> None:
        await self.session.execute(
            update(ApiKey).where(ApiKey.id == api_key_id).values(last_used_at=when)
        )


class FeedTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: uuid.UUID) -> FeedToken | None:
        return await self.session.get(FeedToken, user_id, populate_existing=True)

    async def replace(self, user_id: uuid.UUID, token_hash: str) -> FeedToken | None:
        """The new token, or None when a simultaneous replacement stored its own first."""
        await self.delete(user_id)
        token = FeedToken(user_id=user_id, token_hash=token_hash)
        try:
            async with self.session.begin_nested():
                self.session.add(token)
        except IntegrityError:
            return None
        await self.session.refresh(token)
        return token

    async def delete(self, user_id: uuid.UUID) -> bool:
        result = await self.session.execute(delete(FeedToken).where(FeedToken.user_id == user_id))
        return result.rowcount > 0

    async def get_user_by_hash(self, token_hash: str) -> tuple[FeedToken, User] | None:
        query = select(FeedToken, User).join(User, User.id == FeedToken.user_id)
        row = (await self.session.execute(query.where(FeedToken.token_hash == token_hash))).first()
        return None if row is None else (row[0], row[1])

    async def touch(self, user_id: uuid.UUID, when: datetime) -> None:
        await self.session.execute(
            update(FeedToken).where(FeedToken.user_id == user_id).values(last_used_at=when)
        )
