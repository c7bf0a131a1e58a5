"""Business rules of accounts: approval, admin management, API keys, password reset."""

import asyncio
import hashlib
import hmac
import logging
import os
import secrets
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import jwt
from fastapi import Request
from fastapi.security import OAuth2PasswordRequestForm
from fastapi_users import BaseUserManager, InvalidPasswordException, UUIDIDMixin, schemas
from fastapi_users import exceptions as fu_exceptions
from fastapi_users.jwt import decode_jwt, generate_jwt
from fastapi_users.password import PasswordHelperProtocol
from sqlalchemy.exc import IntegrityError

from media_manager.auth.attempts import AuthAttempts
from media_manager.auth.exceptions import (
    AccountInactive,
    ApiKeyNotFound,
    EmailAlreadyUsed,
    FeedTokenConflict,
    FeedTokenNotFound,
    InvalidApiKey,
    InvalidCredentials,
    InvalidFeedToken,
    InvalidPassword,
    InvalidResetToken,
    LastAdmin,
    UserNotFound,
)
from media_manager.auth.models import ApiKey, FeedToken, User
from media_manager.auth.repository import (
    ApiKeyRepository,
    FeedTokenRepository,
    UserDatabase,
    UserRepository,
)
from media_manager.auth.schemas import (
    ApiKeyCreated,
    ApiKeyRead,
    FeedTokenCreated,
    UserAdminUpdate,
    UserCreate,
    UserSelfUpdate,
)
from media_manager.config import Settings
from media_manager.core.database import begin_read, end_transaction
from media_manager.core.email import OutgoingMail, email_enabled
from media_manager.core.logging import KEEP_SECRETS
from media_manager.core.schemas import PageParams

log = logging.getLogger(__name__)
T = TypeVar("T")

MIN_PASSWORD_LENGTH = 8
API_KEY_PREFIX = "mm_"
FEED_TOKEN_PREFIX = "mmfeed_"  # noqa: S105 - a prefix, not a secret
# Writing last_used_at on every request would turn every API call into a write.
API_KEY_TOUCH_INTERVAL = timedelta(minutes=5)


class UserManager(UUIDIDMixin, BaseUserManager[User, uuid.UUID]):
    def __init__(
        self,
        user_db: UserDatabase,
        users: UserRepository,
        settings: Settings,
        token_secret: str,
        password_helper: PasswordHelperProtocol | None = None,
    ) -> None:
        super().__init__(user_db, password_helper)
        self.users = users
        self.settings = settings
        self.reset_password_token_secret = token_secret
        self.verification_token_secret = token_secret

    async def validate_password(self, password: str, user: object) -> None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidPasswordException(
                f"The password must be at least {MIN_PASSWORD_LENGTH} characters long"
            )
        email = getattr(user, "email", None)
        if email and password.lower() == str(email).lower():
            raise InvalidPasswordException("The password must not be the email address")

    async def on_after_register(self, user: User, request: Request | None = None) -> None:
        # Runs for password sign-ups and for new OIDC users alike, so both follow one rule:
        # the very first account is an active admin, later ones wait for approval.
        await self.users.lock_registrations()
        first = await self.users.count() == 1
        if first:
            await self.users.set_flags(user, is_active=True, is_superuser=True, is_verified=True)
            log.info("First account %s registered: it is an active administrator", user.email)
        elif self.settings.auth.open_registration:
            await self.users.set_flags(user, is_active=True, is_superuser=False)
            log.info("Account %s registered (open registration)", user.email)
        else:
            await self.users.set_flags(user, is_active=False, is_superuser=False)
            log.info("Account %s registered and waits for an administrator's approval", user.email)

    # Password hashing costs tens of milliseconds of CPU: it runs in a worker thread, and never
    # while this request holds a transaction (on SQLite that would be the write lock).

    async def hash_password(self, password: str) -> str:
        return await _in_hashing_thread(self.password_helper.hash, password)

    async def create(
        self,
        user_create: schemas.BaseUserCreate,
        safe: bool = False,
        request: Request | None = None,
    ) -> User:
        await self.validate_password(user_create.password, user_create)
        hashed_password = await self.hash_password(user_create.password)
        if await self.user_db.get_by_email(user_create.email) is not None:
            raise fu_exceptions.UserAlreadyExists()
        user_dict = (
            user_create.create_update_dict() if safe else user_create.create_update_dict_superuser()
        )
        del user_dict["password"]
        user_dict["hashed_password"] = hashed_password
        user = await self.user_db.create(user_dict)
        await self.on_after_register(user, request)
        return user

    async def oauth_callback(self, *args: Any, **kwargs: Any) -> User:
        # fastapi-users gives a new OIDC account a random password, hashed on the event loop
        # inside the sign-up's transaction: hash one beforehand, in the hashing thread.
        prehashed = await self.hash_password(self.password_helper.generate())
        real_helper = self.password_helper
        self.password_helper = _PrehashedPasswordHelper(real_helper, prehashed)
        try:
            return await super().oauth_callback(*args, **kwargs)
        finally:
            self.password_helper = real_helper

    async def authenticate(self, credentials: OAuth2PasswordRequestForm) -> User | None:
        session = self.users.session
        await begin_read(session)
        user = await self.user_db.get_by_email(credentials.username)
        await end_transaction(session)
        if user is None:
            # Take as long as a real check, so that timing does not tell which accounts exist.
            await self.hash_password(credentials.password)
            return None
        verified, new_hash = await _in_hashing_thread(
            self.password_helper.verify_and_update, credentials.password, user.hashed_password
        )
        if not verified:
            return None
        if new_hash is not None:
            await self.user_db.update(user, {"hashed_password": new_hash})
        return user

    async def _update(self, user: User, update_dict: dict[str, object]) -> User:
        password = update_dict.pop("password", None)
        if isinstance(password, str):
            await self.validate_password(password, user)
            await end_transaction(self.users.session)
            update_dict["hashed_password"] = await self.hash_password(password)
        return await super()._update(user, update_dict)

    def reset_token(self, user: User) -> str:
        # The token carries a fingerprint of the current hash, so it dies with the password
        # it was made to replace; a plain digest suffices inside a signed token.
        claims = {
            "sub": str(user.id),
            "password_fgpt": _password_fingerprint(user),
            "aud": self.reset_password_token_audience,
        }
        return generate_jwt(
            claims, self.reset_password_token_secret, self.reset_password_token_lifetime_seconds
        )

    def reset_mail(self, user: User, token: str) -> OutgoingMail | None:
        """The reset mail for `user`; None (and the link logged) when SMTP is not set up."""
        link = f"{self.settings.server.base_url.rstrip('/')}/reset-password?token={token}"
        if not email_enabled(self.settings.email):
            log.warning(
                "Password reset requested for %s; SMTP is not configured, so here is the "
                "link to pass on: %s",
                user.email,
                link,
                # The admin needs the whole link: the log is its only way out here.
                extra={KEEP_SECRETS: True},
            )
            return None
        return OutgoingMail(
            to=user.email,
            subject="Reset your MediaManager password",
            body=f"Someone asked to reset the password of {user.email}.\n"
            f"Open this link to choose a new password:\n\n{link}\n\n"
            "If it was not you, ignore this message.",
        )

    async def reset_with_token(self, token: str, password: str) -> User:
        await self.validate_password(password, None)
        try:
            claims = decode_jwt(
                token, self.reset_password_token_secret, [self.reset_password_token_audience]
            )
            user_id = self.parse_id(claims["sub"])
            fingerprint = str(claims["password_fgpt"])
        except (jwt.PyJWTError, KeyError, fu_exceptions.InvalidID):
            raise fu_exceptions.InvalidResetPasswordToken() from None
        hashed_password = await self.hash_password(password)
        user = await self.get(user_id)
        if not hmac.compare_digest(fingerprint, _password_fingerprint(user)):
            raise fu_exceptions.InvalidResetPasswordToken()
        if not user.is_active:
            raise fu_exceptions.UserInactive()
        await self.validate_password(password, user)
        await self.user_db.update(user, {"hashed_password": hashed_password})
        return user


class _PrehashedPasswordHelper:
    """Answers `hash()` with a hash made beforehand; everything else goes to the real helper."""

    def __init__(self, inner: PasswordHelperProtocol, hashed: str) -> None:
        self.inner = inner
        self.hashed = hashed

    def hash(self, password: str) -> str:
        return self.hashed

    def verify_and_update(
        self, plain_password: str, hashed_password: str
    ) -> tuple[bool, str | None]:
        return self.inner.verify_and_update(plain_password, hashed_password)

    def generate(self) -> str:
        return self.inner.generate()


# Hashing is CPU-bound and releases the GIL: one core is left to the event loop, so that a
# flood of logins queues here instead of starving every other request.
_HASHING_THREADS = ThreadPoolExecutor(
    max_workers=max(1, (os.cpu_count() or 2) - 1), thread_name_prefix="password-hashing"
)


async def _in_hashing_thread(function: Callable[..., T], *args: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(_HASHING_THREADS, function, *args)


def _password_fingerprint(user: User) -> str:
    return hashlib.sha256(user.hashed_password.encode()).hexdigest()


def _hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class AccountService:
    def __init__(
        self,
        manager: UserManager,
        users: UserRepository,
        api_keys: ApiKeyRepository,
        attempts: AuthAttempts,
    ) -> None:
        self.manager = manager
        self.users = users
        self.api_keys = api_keys
        self.attempts = attempts

    async def register(self, body: UserCreate, request: Request) -> User:
        """Create an account; whether it is active follows the approval rule."""
        self.attempts.register()
        try:
            return await self.manager.create(body, safe=True, request=request)
        # IntegrityError: a simultaneous sign-up with the same address won the unique index.
        except (fu_exceptions.UserAlreadyExists, IntegrityError):
            raise EmailAlreadyUsed("An account with this email address already exists") from None
        except fu_exceptions.InvalidPasswordException as exc:
            raise InvalidPassword(str(exc.reason)) from None

    async def authenticate(self, credentials: OAuth2PasswordRequestForm) -> User:
        self.attempts.login(credentials.username)
        user = await self.manager.authenticate(credentials)
        if user is None:
            self.attempts.login_failed(credentials.username)
            raise InvalidCredentials("Incorrect email or password")
        if not user.is_active:
            raise AccountInactive()
        return user

    async def request_password_reset(self, email: str) -> OutgoingMail | None:
        """Make a reset link; says nothing about whether the account exists.

        Returns the mail to send once the request's transaction is over (None when there is
        no active account, or when SMTP is not set up and the link was logged instead).
        """
        self.attempts.password_reset(email)
        await begin_read(self.users.session)
        user = await self.manager.user_db.get_by_email(email)
        if user is None or not user.is_active:
            log.info("Password reset asked for %s, which is no active account", email)
            return None
        return self.manager.reset_mail(user, self.manager.reset_token(user))

    async def reset_password(self, token: str, password: str) -> None:
        self.attempts.password_reset()
        try:
            await self.manager.reset_with_token(token, password)
        except (
            fu_exceptions.InvalidResetPasswordToken,
            fu_exceptions.UserNotExists,
            fu_exceptions.UserInactive,
        ):
            raise InvalidResetToken("The reset link is invalid or has expired") from None
        except fu_exceptions.InvalidPasswordException as exc:
            raise InvalidPassword(str(exc.reason)) from None

    async def update_self(self, user: User, changes: UserSelfUpdate) -> User:
        """Change one's own email or password (never activation or admin rights)."""
        # An explicit null means "leave as is", never "clear the email".
        update = UserSelfUpdate.model_validate(changes.model_dump(exclude_none=True))
        if not update.model_fields_set:
            return user
        try:
            return await self.manager.update(update, user, safe=True)
        except (fu_exceptions.UserAlreadyExists, IntegrityError):
            raise EmailAlreadyUsed("Another account already uses this email address") from None
        except fu_exceptions.InvalidPasswordException as exc:
            raise InvalidPassword(str(exc.reason)) from None

    async def list_users(
        self, params: PageParams, is_active: bool | None
    ) -> tuple[list[User], int]:
        return await self.users.list(
            offset=params.offset, limit=params.page_size, is_active=is_active
        )

    async def get_user(self, user_id: uuid.UUID, *, fresh: bool = False) -> User:
        user = await self.users.get(user_id, fresh=fresh)
        if user is None:
            raise UserNotFound(f"No user with id {user_id}")
        return user

    async def admin_update(
        self, acting: User, user_id: uuid.UUID, changes: UserAdminUpdate
    ) -> User:
        """Approve/deactivate and promote/demote a user, keeping at least one active admin."""
        # Locked before reading, so the flags and the count below are those after any
        # concurrent change has committed.
        await self.users.lock_admin_changes()
        user = await self.get_user(user_id, fresh=True)
        flags = changes.model_dump(exclude_unset=True, exclude_none=True)
        loses_admin = (
            user.is_superuser
            and user.is_active
            and (flags.get("is_superuser") is False or flags.get("is_active") is False)
        )
        if loses_admin and await self.users.count_active_admins() <= 1:
            raise LastAdmin("This is the last active administrator; promote someone else first")
        if flags:
            await self.users.set_flags(user, **flags)
            log.info("Administrator %s changed %s: %s", acting.email, user.email, flags)
        return user

    async def delete_user(self, acting: User, user_id: uuid.UUID) -> None:
        await self.users.lock_admin_changes()
        user = await self.get_user(user_id, fresh=True)
        if user.is_superuser and user.is_active and await self.users.count_active_admins() <= 1:
            raise LastAdmin("This is the last active administrator and cannot be deleted")
        await self.manager.user_db.delete(user)
        log.info("Administrator %s deleted the account %s", acting.email, user.email)

    async def create_api_key(self, user: User, name: str) -> ApiKeyCreated:
        """Create a key for scripts; the full key is returned only this once."""
        key = API_KEY_PREFIX + secrets.token_urlsafe(32)
        api_key = await self.api_keys.add(
            ApiKey(user_id=user.id, name=name, prefix=key[:10], key_hash=_hash_api_key(key))
        )
        return ApiKeyCreated(**ApiKeyRead.model_validate(api_key).model_dump(), key=key)

    async def list_api_keys(self, user: User) -> list[ApiKey]:
        return await self.api_keys.list_for_user(user.id)

    async def revoke_api_key(self, user: User, api_key_id: uuid.UUID) -> None:
        if not await self.api_keys.delete(user.id, api_key_id):
            raise ApiKeyNotFound(f"You have no API key with id {api_key_id}")

    async def user_for_api_key(self, key: str) -> tuple[User, uuid.UUID | None]:
        """The active owner of `key`, and the key's id when its last use should be recorded."""
        self.attempts.api_key()
        found = await self.api_keys.get_user_by_hash(_hash_api_key(key))
        if found is None:
            self.attempts.api_key_failed()
            raise InvalidApiKey("The API key is not valid (revoked or mistyped)")
        api_key, user = found
        if not user.is_active:
            raise AccountInactive()
        last = api_key.last_used_at
        if last is None or datetime.now(UTC) - last > API_KEY_TOUCH_INTERVAL:
            return user, api_key.id
        return user, None


class FeedTokenService:
    """The secret address of a user's calendar feed, for apps that cannot log in.

    Unlike an API key, the token opens the feed only: an address that leaks through a log or a
    shared calendar exposes the calendar, not the account.
    """

    def __init__(self, feed_tokens: FeedTokenRepository) -> None:
        self.feed_tokens = feed_tokens

    async def get(self, user: User) -> FeedToken:
        token = await self.feed_tokens.get(user.id)
        if token is None:
            raise FeedTokenNotFound(
                "You have no calendar feed address yet; create one with POST to this address"
            )
        return token

    async def rotate(self, user: User, feed_url: str) -> FeedTokenCreated:
        """Make a new feed token, replacing the old one; the address is returned only now."""
        secret = FEED_TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = await self.feed_tokens.replace(user.id, _hash_api_key(secret))
        if token is None:
            raise FeedTokenConflict(
                "Another request made a new feed address at the same moment; ask again"
            )
        return FeedTokenCreated(
            created_at=token.created_at,
            last_used_at=None,
            url=f"{feed_url}?token={secret}",
        )

    async def revoke(self, user: User) -> None:
        if not await self.feed_tokens.delete(user.id):
            raise FeedTokenNotFound("You have no calendar feed address to revoke")

    async def user_for_token(self, secret: str) -> tuple[User, bool]:
        """The active owner of the feed token, and whether its last use should be recorded."""
        found = await self.feed_tokens.get_user_by_hash(_hash_api_key(secret))
        if found is None:
            raise InvalidFeedToken(
                "The feed address is not valid (replaced or revoked); copy the current one "
                "from your account's calendar feed settings"
            )
        token, user = found
        if not user.is_active:
            raise AccountInactive()
        last = token.last_used_at
        return user, last is None or datetime.now(UTC) - last > API_KEY_TOUCH_INTERVAL
