import uuid
from typing import Annotated

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Cookie,
    Depends,
    Query,
    Request,
    Response,
    Security,
    status,
)
from fastapi.responses import RedirectResponse

from media_manager.auth.dependencies import (
    SESSION_COOKIE,
    AccountServiceDep,
    AdminUser,
    CurrentUser,
    FeedTokenServiceDep,
    SessionTokensDep,
    UserManagerDep,
    bearer_scheme,
    cookie_scheme,
)
from media_manager.auth.oidc import OIDCLogin
from media_manager.auth.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    AuthorizationUrl,
    BearerToken,
    FeedTokenCreated,
    FeedTokenRead,
    ForgotPassword,
    LoginForm,
    OIDCInfo,
    ResetPassword,
    UserAdminUpdate,
    UserCreate,
    UserRead,
    UserSelfUpdate,
)
from media_manager.config import SettingsDep
from media_manager.core.dependencies import PageParamsDep
from media_manager.core.email import send_mail
from media_manager.core.network import request_is_https
from media_manager.core.schemas import (
    COMMON_ERRORS,
    SIGNED_IN_ERRORS,
    Page,
    Storable,
    error_responses,
)

auth_router = APIRouter(prefix="/auth", tags=["auth"], responses=COMMON_ERRORS)
users_router = APIRouter(prefix="/users", tags=["users"], responses=SIGNED_IN_ERRORS)

OIDC_CSRF_COOKIE = "mediamanager_oidc_csrf"
LoginFormDep = Annotated[LoginForm, Depends()]


async def get_oidc(request: Request) -> OIDCLogin:
    return request.app.state.oidc


OIDCDep = Annotated[OIDCLogin, Depends(get_oidc)]


def _secure_cookies(request: Request, settings: SettingsDep) -> bool:
    return settings.auth.cookie_secure or request_is_https(request, settings.server.trusted_proxies)


def _set_session_cookie(
    request: Request, response: Response, token: str, settings: SettingsDep
) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.auth.token_lifetime_seconds,
        httponly=True,
        secure=_secure_cookies(request, settings),
        samesite="lax",
        path="/",
    )


@auth_router.post(
    "/register", status_code=status.HTTP_201_CREATED, responses=error_responses(400, 409, 429)
)
async def register(body: UserCreate, request: Request, accounts: AccountServiceDep) -> UserRead:
    """Create an account. The first one is an admin; later ones may need approval."""
    return UserRead.model_validate(await accounts.register(body, request))


@auth_router.post(
    "/cookie/login",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(400, 403, 429),
)
async def cookie_login(
    credentials: LoginFormDep,
    accounts: AccountServiceDep,
    tokens: SessionTokensDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
) -> None:
    """Log in with email and password; the session is kept in an HTTP-only cookie."""
    user = await accounts.authenticate(credentials)
    _set_session_cookie(request, response, await tokens.write_token(user), settings)


@auth_router.post(
    "/cookie/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(401, 403, 429),
)
async def cookie_logout(
    _user: CurrentUser,
    manager: UserManagerDep,
    tokens: SessionTokensDep,
    response: Response,
    cookie_token: Annotated[str | None, Security(cookie_scheme)],
) -> None:
    """End the browser session: its cookie stops working, even where it was copied."""
    if cookie_token:
        await tokens.revoke(cookie_token, manager)
    response.delete_cookie(SESSION_COOKIE, path="/")


@auth_router.post("/jwt/login", responses=error_responses(400, 403, 429))
async def jwt_login(
    credentials: LoginFormDep, accounts: AccountServiceDep, tokens: SessionTokensDep
) -> BearerToken:
    """Log in with form fields username/password and get a bearer token for API clients."""
    user = await accounts.authenticate(credentials)
    return BearerToken(access_token=await tokens.write_token(user))


@auth_router.post(
    "/jwt/logout", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(401, 403, 429)
)
async def jwt_logout(
    _user: CurrentUser,
    manager: UserManagerDep,
    tokens: SessionTokensDep,
    bearer_token: Annotated[str | None, Security(bearer_scheme)],
) -> None:
    """End the session of the bearer token sent with this request."""
    if bearer_token:
        await tokens.revoke(bearer_token, manager)


@auth_router.post(
    "/forgot-password", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(429)
)
async def forgot_password(
    body: ForgotPassword,
    accounts: AccountServiceDep,
    settings: SettingsDep,
    background: BackgroundTasks,
) -> None:
    """Send a password-reset link (logged on the server when email is not configured)."""
    mail = await accounts.request_password_reset(body.email)
    if mail is not None:
        # After the response, so that no transaction waits on the mail server.
        background.add_task(send_mail, settings.email, mail)


@auth_router.post(
    "/reset-password", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(400, 429)
)
async def reset_password(body: ResetPassword, accounts: AccountServiceDep) -> None:
    """Set a new password with the token from a reset link."""
    await accounts.reset_password(body.token, body.password)


@auth_router.get("/oidc")
async def oidc_info(settings: SettingsDep) -> OIDCInfo:
    """Whether OpenID Connect login is offered, and the label of its button."""
    oidc = settings.auth.oidc
    return OIDCInfo(enabled=oidc.enabled, button_label=oidc.button_label)


@auth_router.get("/oidc/authorize", responses=error_responses(404, 502))
async def oidc_authorize(
    oidc: OIDCDep, settings: SettingsDep, request: Request, response: Response
) -> AuthorizationUrl:
    """Start an OpenID Connect login: returns the provider URL to open."""
    url, csrf = await oidc.authorization_url()
    response.set_cookie(
        OIDC_CSRF_COOKIE,
        csrf,
        max_age=600,
        httponly=True,
        secure=_secure_cookies(request, settings),
        samesite="lax",
        path="/api/v1/auth/oidc",
    )
    return AuthorizationUrl(authorization_url=url)


@auth_router.get(
    "/oidc/callback", response_class=RedirectResponse, responses=error_responses(400, 404, 502)
)
async def oidc_callback(
    code: Annotated[str, Query(max_length=4096), Storable],
    state: Annotated[str, Query(max_length=4096), Storable],
    request: Request,
    oidc: OIDCDep,
    manager: UserManagerDep,
    tokens: SessionTokensDep,
    settings: SettingsDep,
    csrf_cookie: Annotated[str | None, Cookie(alias=OIDC_CSRF_COOKIE)] = None,
) -> RedirectResponse:
    """Where the provider sends the browser back; logs in and redirects to the web app."""
    user = await oidc.complete(manager, code, state, csrf_cookie, request)
    base = settings.server.base_url.rstrip("/")
    if not user.is_active:
        response = RedirectResponse(f"{base}/login?pending=1", status_code=302)
    else:
        response = RedirectResponse(f"{base}/", status_code=302)
        _set_session_cookie(request, response, await tokens.write_token(user), settings)
    response.delete_cookie(OIDC_CSRF_COOKIE, path="/api/v1/auth/oidc")
    return response


@users_router.get("/me")
async def get_me(user: CurrentUser) -> UserRead:
    """The logged-in user."""
    return UserRead.model_validate(user)


@users_router.patch("/me", responses=error_responses(400, 409))
async def update_me(
    body: UserSelfUpdate, user: CurrentUser, accounts: AccountServiceDep
) -> UserRead:
    """Change your own email or password."""
    return UserRead.model_validate(await accounts.update_self(user, body))


@users_router.get("/me/api-keys")
async def list_api_keys(user: CurrentUser, accounts: AccountServiceDep) -> list[ApiKeyRead]:
    """Your API keys (without the secret part)."""
    return [ApiKeyRead.model_validate(key) for key in await accounts.list_api_keys(user)]


@users_router.post("/me/api-keys", status_code=status.HTTP_201_CREATED)
async def create_api_key(
    body: ApiKeyCreate, user: CurrentUser, accounts: AccountServiceDep
) -> ApiKeyCreated:
    """Create an API key for scripts; send it as X-Api-Key. It is shown only in this response."""
    return await accounts.create_api_key(user, body.name)


@users_router.delete(
    "/me/api-keys/{api_key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(404),
)
async def revoke_api_key(
    api_key_id: uuid.UUID, user: CurrentUser, accounts: AccountServiceDep
) -> None:
    """Revoke one of your API keys."""
    await accounts.revoke_api_key(user, api_key_id)


@users_router.get("/me/feed-token", responses=error_responses(404))
async def get_feed_token(user: CurrentUser, feed_tokens: FeedTokenServiceDep) -> FeedTokenRead:
    """When your calendar feed address was made and last read (the address is not shown)."""
    return FeedTokenRead.model_validate(await feed_tokens.get(user))


@users_router.post(
    "/me/feed-token", status_code=status.HTTP_201_CREATED, responses=error_responses(409)
)
async def rotate_feed_token(
    request: Request, user: CurrentUser, feed_tokens: FeedTokenServiceDep, settings: SettingsDep
) -> FeedTokenCreated:
    """Make a new calendar feed address, ending the old one. It is shown only in this response."""
    path = request.app.url_path_for("get_calendar_feed")
    return await feed_tokens.rotate(user, settings.server.base_url.rstrip("/") + path)


@users_router.delete(
    "/me/feed-token", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404)
)
async def revoke_feed_token(user: CurrentUser, feed_tokens: FeedTokenServiceDep) -> None:
    """End your calendar feed address; apps subscribed to it get no more updates."""
    await feed_tokens.revoke(user)


@users_router.get("")
async def list_users(
    _admin: AdminUser,
    accounts: AccountServiceDep,
    page: PageParamsDep,
    is_active: Annotated[
        bool | None, Query(description="false lists accounts awaiting approval")
    ] = None,
) -> Page[UserRead]:
    """All accounts (admin)."""
    users, total = await accounts.list_users(page, is_active)
    return Page[UserRead](
        items=[UserRead.model_validate(u) for u in users],
        total=total,
        page=page.page,
        page_size=page.page_size,
    )


@users_router.get("/{user_id}", responses=error_responses(404))
async def get_user(user_id: uuid.UUID, _admin: AdminUser, accounts: AccountServiceDep) -> UserRead:
    """One account (admin)."""
    return UserRead.model_validate(await accounts.get_user(user_id))


@users_router.patch("/{user_id}", responses=error_responses(404, 409))
async def update_user(
    user_id: uuid.UUID, body: UserAdminUpdate, admin: AdminUser, accounts: AccountServiceDep
) -> UserRead:
    """Approve or deactivate an account, promote or demote an admin (admin)."""
    return UserRead.model_validate(await accounts.admin_update(admin, user_id, body))


@users_router.delete(
    "/{user_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404, 409)
)
async def delete_user(user_id: uuid.UUID, admin: AdminUser, accounts: AccountServiceDep) -> None:
    """Delete an account and its API keys (admin)."""
    await accounts.delete_user(admin, user_id)
