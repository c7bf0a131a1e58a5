"""Who is calling: session cookie, bearer JWT or X-Api-Key, resolved to an active user."""

from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request, Security
from fastapi.security import APIKeyCookie, APIKeyHeader, APIKeyQuery, OAuth2PasswordBearer

from media_manager.auth.attempts import AuthAttempts
from media_manager.auth.exceptions import AccountInactive, AdminRequired, NotLoggedIn
from media_manager.auth.models import User
from media_manager.auth.repository import (
    ApiKeyRepository,
    FeedTokenRepository,
    UserDatabase,
    UserRepository,
)
from media_manager.auth.service import AccountService, FeedTokenService, UserManager
from media_manager.auth.tasks import record_api_key_use, record_feed_token_use
from media_manager.auth.tokens import SessionTokens
from media_manager.config import SettingsDep
from media_manager.core.database import READ_ONLY_METHODS, begin_read, end_transaction
from media_manager.core.dependencies import SessionDep
from media_manager.core.network import client_address
from media_manager.core.ratelimit import AttemptLimiter

SESSION_COOKIE = "mediamanager_session"
API_KEY_HEADER = "X-Api-Key"
# Accepted in no URL any more; named only to tell callers what to use instead.
API_KEY_QUERY = "api_key"

cookie_scheme = APIKeyCookie(name=SESSION_COOKIE, auto_error=False)
bearer_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/jwt/login", auto_error=False)
api_key_scheme = APIKeyHeader(name=API_KEY_HEADER, auto_error=False)
# Only for feeds that apps subscribe to by URL (the iCal calendar). URLs end up in logs and
# histories, so the URL carries a feed token, which opens that feed and nothing else.
FEED_TOKEN_QUERY = "token"  # noqa: S105 - a parameter name
feed_token_scheme = APIKeyQuery(name=FEED_TOKEN_QUERY, auto_error=False)


async def get_session_tokens(request: Request) -> SessionTokens:
    return request.app.state.session_tokens


SessionTokensDep = Annotated[SessionTokens, Depends(get_session_tokens)]


async def get_user_manager(
    request: Request, session: SessionDep, settings: SettingsDep
) -> UserManager:
    user_db = UserDatabase(session)
    return UserManager(
        user_db,
        UserRepository(session),
        settings,
        request.app.state.token_secret,
        request.app.state.password_helper,
    )


UserManagerDep = Annotated[UserManager, Depends(get_user_manager)]


async def get_auth_attempts(request: Request, settings: SettingsDep) -> AuthAttempts:
    limiter: AttemptLimiter = request.app.state.attempt_limiter
    address = client_address(request, settings.server.trusted_proxies) or "unknown"
    return AuthAttempts(limiter, settings.auth.rate_limit, address)


AuthAttemptsDep = Annotated[AuthAttempts, Depends(get_auth_attempts)]


async def get_account_service(
    session: SessionDep, manager: UserManagerDep, attempts: AuthAttemptsDep
) -> AccountService:
    return AccountService(manager, UserRepository(session), ApiKeyRepository(session), attempts)


AccountServiceDep = Annotated[AccountService, Depends(get_account_service)]


async def get_current_user(
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    settings: SettingsDep,
    manager: UserManagerDep,
    tokens: SessionTokensDep,
    cookie_token: Annotated[str | None, Security(cookie_scheme)],
    bearer_token: Annotated[str | None, Security(bearer_scheme)],
    api_key: Annotated[str | None, Security(api_key_scheme)],
) -> User:
    # A lock-free read (SQLite: DEFERRED). A request that only reads goes on in this
    # transaction, one unit of work (ended before any outbound call: release_read_transaction).
    # Any other ends it, so that its own unit of work begins as a writer (SQLite: IMMEDIATE).
    await begin_read(session)
    if api_key:
        # Built here rather than as dependencies: every authenticated request runs this, and
        # most carry a token, not a key.
        attempts = await get_auth_attempts(request, settings)
        accounts = await get_account_service(session, manager, attempts)
        user, touched_key = await accounts.user_for_api_key(api_key)
        if touched_key is not None:
            # Its own short write after the response: this request may be a read-only one.
            background.add_task(record_api_key_use, request.app.state.sessionmaker, touched_key)
    else:
        token = bearer_token or cookie_token
        if not token:
            raise NotLoggedIn("Not logged in: send a session cookie, a bearer token or X-Api-Key")
        found = await tokens.read_token(token, manager)
        if found is None:
            raise NotLoggedIn("The session has expired or the token is invalid; log in again")
        if not found.is_active:
            raise AccountInactive()
        user = found
    if request.method not in READ_ONLY_METHODS:
        await end_transaction(session)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_admin_user(user: CurrentUser) -> User:
    if not user.is_superuser:
        raise AdminRequired("Only administrators may do this")
    return user


AdminUser = Annotated[User, Depends(get_admin_user)]


async def get_feed_token_service(session: SessionDep) -> FeedTokenService:
    return FeedTokenService(FeedTokenRepository(session))


FeedTokenServiceDep = Annotated[FeedTokenService, Depends(get_feed_token_service)]


async def get_feed_user(
    request: Request,
    background: BackgroundTasks,
    feed_tokens: FeedTokenServiceDep,
    token: Annotated[str | None, Security(feed_token_scheme)],
) -> User:
    if not token:
        if API_KEY_QUERY in request.query_params:
            raise NotLoggedIn(
                "API keys are not accepted in addresses (they would open the whole account "
                "to anyone reading a log); use the feed address from /api/v1/users/me/feed-token"
            )
        raise NotLoggedIn(
            f"Feeds are read with a feed token in the address (?{FEED_TOKEN_QUERY}=...): "
            "create the address under /api/v1/users/me/feed-token"
        )
    user, touch = await feed_tokens.user_for_token(token)
    if touch:
        # After the response, in a transaction of its own: this request only reads (on SQLite
        # a write inside its deferred transaction could fail when another writer went first).
        background.add_task(record_feed_token_use, request.app.state.sessionmaker, user.id)
    return user


# The caller of a subscribed feed: an active user, identified by the feed token in the URL.
FeedUser = Annotated[User, Depends(get_feed_user)]
