import uuid
from datetime import datetime
from typing import Annotated

from fastapi_users import schemas as fastapi_users_schemas
from pydantic import EmailStr, Field

from media_manager.core.schemas import InputSchema, Name, Password, Schema, Storable


class UserRead(Schema):
    id: uuid.UUID
    email: EmailStr
    is_active: bool
    is_superuser: bool
    is_verified: bool
    created_at: datetime | None = None


class UserCreate(fastapi_users_schemas.CreateUpdateDictModel):
    """Sign-up body: only email and password, so nobody can register as active or admin."""

    model_config = {"extra": "forbid"}

    email: EmailStr
    password: Password


class UserSelfUpdate(fastapi_users_schemas.CreateUpdateDictModel):
    """What users may change about themselves; activation and admin rights are not among it."""

    model_config = {"extra": "forbid"}

    email: EmailStr | None = None
    password: Password | None = None


class UserAdminUpdate(InputSchema):
    is_active: bool | None = None
    is_superuser: bool | None = None


class ForgotPassword(InputSchema):
    email: EmailStr


class ResetPassword(InputSchema):
    token: Annotated[str, Field(max_length=4096), Storable]
    password: Password


class BearerToken(Schema):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret


class ApiKeyCreate(InputSchema):
    name: Name


class ApiKeyRead(Schema):
    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    """Returned once, at creation: the only time the full key is visible."""

    key: str


class FeedTokenRead(Schema):
    created_at: datetime
    last_used_at: datetime | None


class FeedTokenCreated(FeedTokenRead):
    """Returned once, when the token is made: the only time the feed address is visible."""

    url: str


class OIDCInfo(Schema):
    enabled: bool
    button_label: str


class AuthorizationUrl(Schema):
    authorization_url: str
