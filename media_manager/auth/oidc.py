"""Login through a generic OpenID Connect provider."""

import asyncio
import logging
import secrets
from typing import Any

import jwt
from fastapi import Request
from fastapi_users import exceptions as fu_exceptions
from fastapi_users.jwt import decode_jwt, generate_jwt
from httpx_oauth.clients.openid import OpenID
from httpx_oauth.oauth2 import OAuth2Error

from media_manager.auth.config import OIDCSettings
from media_manager.auth.exceptions import (
    OIDCLoginFailed,
    OIDCNotConfigured,
    OIDCProviderUnavailable,
)
from media_manager.auth.models import User
from media_manager.auth.service import UserManager

log = logging.getLogger(__name__)

OAUTH_NAME = "oidc"
STATE_AUDIENCE = "mediamanager:oidc-state"
STATE_LIFETIME_SECONDS = 600
CALLBACK_PATH = "/api/v1/auth/oidc/callback"
SCOPES = ["openid", "email", "profile"]


class OIDCLogin:
    """Holds the provider client, discovered lazily so a provider that is down at start-up
    only disables the button until it answers again."""

    def __init__(self, settings: OIDCSettings, base_url: str, state_secret: str) -> None:
        self.settings = settings
        self.redirect_uri = base_url.rstrip("/") + CALLBACK_PATH
        self.state_secret = state_secret
        self._client: OpenID | None = None
        self._lock = asyncio.Lock()

    @property
    def enabled(self) -> bool:
        return self.settings.enabled

    async def client(self) -> OpenID:
        if not self.enabled:
            raise OIDCNotConfigured("OpenID Connect login is not enabled on this server")
        async with self._lock:
            if self._client is None:
                try:
                    # The constructor fetches the discovery document with a blocking client.
                    self._client = await asyncio.to_thread(
                        OpenID,
                        self.settings.client_id,
                        self.settings.client_secret.get_secret_value(),
                        self.settings.discovery_url,
                        OAUTH_NAME,
                    )
                except (OAuth2Error, KeyError, ValueError) as exc:
                    log.error(
                        "Cannot read the OpenID Connect discovery document at %s "
                        "(auth.oidc.discovery_url): %s",
                        self.settings.discovery_url,
                        exc,
                    )
                    raise OIDCProviderUnavailable(
                        "The OpenID Connect provider cannot be reached; try again later"
                    ) from None
            return self._client

    async def authorization_url(self) -> tuple[str, str]:
        """The provider URL to send the browser to, and the CSRF value to keep in a cookie."""
        client = await self.client()
        csrf = secrets.token_urlsafe(24)
        state = generate_jwt(
            {"aud": STATE_AUDIENCE, "csrf": csrf}, self.state_secret, STATE_LIFETIME_SECONDS
        )
        url = await client.get_authorization_url(self.redirect_uri, state, scope=SCOPES)
        return url, csrf

    async def complete(
        self, manager: UserManager, code: str, state: str, csrf_cookie: str | None, request: Request
    ) -> User:
        """Exchange the code, read the profile, then find, link or create the account."""
        try:
            claims = decode_jwt(state, self.state_secret, [STATE_AUDIENCE])
        except jwt.PyJWTError:
            raise OIDCLoginFailed("The login attempt expired or was tampered with") from None
        if not csrf_cookie or not secrets.compare_digest(claims.get("csrf", ""), csrf_cookie):
            raise OIDCLoginFailed("The login was not started from this browser; start again")
        client = await self.client()
        try:
            token = await client.get_access_token(code, self.redirect_uri)
            profile: dict[str, Any] = await client.get_profile(token["access_token"])
        except OAuth2Error as exc:
            log.warning("OpenID Connect code exchange failed: %s", exc)
            raise OIDCProviderUnavailable("The OpenID Connect provider refused the login") from None
        subject, email = profile.get("sub"), profile.get("email")
        if not subject or not email:
            raise OIDCLoginFailed("The provider did not share an email address for this account")
        # Only a provider-verified address may be linked to an existing local account;
        # otherwise anyone could claim another user's account by typing their email.
        verified = profile.get("email_verified") is True
        try:
            return await manager.oauth_callback(
                OAUTH_NAME,
                token["access_token"],
                str(subject),
                email,
                token.get("expires_at"),
                token.get("refresh_token"),
                request,
                associate_by_email=verified,
                is_verified_by_default=verified,
            )
        except fu_exceptions.UserAlreadyExists:
            raise OIDCLoginFailed(
                f"An account with {email} already exists, and the provider has not verified "
                "that address, so it cannot be linked; log in with your password instead"
            ) from None
