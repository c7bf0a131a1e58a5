"""Signed session tokens (cookie and bearer) that die when the password changes."""

import hashlib
import uuid

import jwt
from fastapi_users import exceptions as fu_exceptions
from fastapi_users.jwt import decode_jwt, generate_jwt

from media_manager.auth.models import User
from media_manager.auth.service import UserManager

AUDIENCE = "mediamanager:session"


def _password_fingerprint(user: User) -> str:
    # The stored hash is salted, so every new password (reset or change) gives a new value.
    return hashlib.sha256(user.hashed_password.encode()).hexdigest()[:16]


class SessionTokens:
    """JWTs naming the user and a fingerprint of their password hash.

    A JWT cannot be revoked one by one; tying it to the password means "change your
    password" logs out every other session, which is what people expect after a leak.
    Deactivation needs no such trick: the user is loaded, and checked, on every request.
    """

    def __init__(self, secret: str, lifetime_seconds: int) -> None:
        self.secret = secret
        self.lifetime_seconds = lifetime_seconds

    async def write_token(self, user: User) -> str:
        claims = {"sub": str(user.id), "aud": AUDIENCE, "pwd": _password_fingerprint(user)}
        return generate_jwt(claims, self.secret, self.lifetime_seconds)

    async def read_token(self, token: str, manager: UserManager) -> User | None:
        try:
            claims = decode_jwt(token, self.secret, [AUDIENCE])
            user = await manager.get(uuid.UUID(str(claims["sub"])))
        except (jwt.PyJWTError, KeyError, ValueError, fu_exceptions.UserNotExists):
            return None
        if claims.get("pwd") != _password_fingerprint(user):
            return None
        return user
