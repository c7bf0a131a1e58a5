"""Signed session tokens (cookie and bearer): ended by logout, or by a password change."""

import hashlib
import secrets
import uuid
from datetime import UTC, datetime

import jwt
from fastapi_users.jwt import decode_jwt, generate_jwt

from media_manager.auth.models import User
from media_manager.auth.service import UserManager

AUDIENCE = "mediamanager:session"


def _password_fingerprint(user: User) -> str:
    # The stored hash is salted, so every new password (reset or change) gives a new value.
    return hashlib.sha256(user.hashed_password.encode()).hexdigest()[:16]


class SessionTokens:
    """JWTs naming the user, a session id and a fingerprint of the user's password hash.

    Logging out records the session id as revoked until the token would have expired (table
    revoked_sessions), so a copied cookie dies with the logout. Tying the token to the
    password means "change your password" logs out every other session, which is what people
    expect after a leak. Deactivation needs neither: the user is loaded, and checked, on every
    request.
    """

    def __init__(self, secret: str, lifetime_seconds: int) -> None:
        self.secret = secret
        self.lifetime_seconds = lifetime_seconds

    async def write_token(self, user: User) -> str:
        claims = {
            "sub": str(user.id),
            "aud": AUDIENCE,
            "pwd": _password_fingerprint(user),
            "sid": secrets.token_urlsafe(16),
        }
        return generate_jwt(claims, self.secret, self.lifetime_seconds)

    def _claims(self, token: str) -> dict | None:
        try:
            claims = decode_jwt(token, self.secret, [AUDIENCE])
        except jwt.PyJWTError:
            return None
        # Tokens from before session ids existed cannot be logged out: not accepted.
        if not isinstance(claims.get("sid"), str) or not isinstance(claims.get("exp"), int):
            return None
        return claims

    async def read_token(self, token: str, manager: UserManager) -> User | None:
        claims = self._claims(token)
        if claims is None:
            return None
        try:
            user_id = uuid.UUID(str(claims["sub"]))
        except (KeyError, ValueError):
            return None
        found = await manager.users.get_with_session_revoked(user_id, claims["sid"])
        if found is None:
            return None
        user, revoked = found
        if revoked or claims.get("pwd") != _password_fingerprint(user):
            return None
        return user

    async def revoke(self, token: str, manager: UserManager) -> None:
        """End the login of `token`; an invalid or expired token has nothing left to end."""
        claims = self._claims(token)
        if claims is None:
            return
        expires_at = datetime.fromtimestamp(claims["exp"], UTC)
        await manager.users.revoke_session(claims["sid"], expires_at, datetime.now(UTC))
