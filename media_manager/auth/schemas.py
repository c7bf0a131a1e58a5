import uuid
from datetime import datetime
from typing import Annotated

from fastapi import Form
from fastapi.security import OAuth2PasswordRequestForm
from fastapi_users import schemas as fastapi_users_schemas
from pydantic import EmailStr, Field

from media_manager.core.schemas import (
    MAX_PASSWORD_LENGTH,
    InputSchema,
    Name,
    Password,
    Schema,
    Storable,
)


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


# The longest an email address can be (RFC 5321: 64 + 1 + 255).
MAX_EMAIL_LENGTH = 320
_FORM_FIELD_LENGTH = 1024


class LoginForm(OAuth2PasswordRequestForm):
    """The OAuth2 password form (username is the email address), with every field capped and
    checked like any other string the API accepts: it is looked up in the database and keys
    the attempt limits, so neither a megabyte nor a NUL character gets that far."""

    def __init__(
        self,
        *,
        grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
        username: Annotated[str, Form(max_length=MAX_EMAIL_LENGTH), Storable],
        password: Annotated[
            str,
            Form(max_length=MAX_PASSWORD_LENGTH, json_schema_extra={"format": "password"}),
            Storable,
        ],
        scope: Annotated[str, Form(max_length=_FORM_FIELD_LENGTH), Storable] = "",
        client_id: Annotated[str | None, Form(max_length=_FORM_FIELD_LENGTH), Storable] = None,
        client_secret: Annotated[
            str | None,
            Form(max_length=_FORM_FIELD_LENGTH, json_schema_extra={"format": "password"}),
            Storable,
        ] = None,
    ) -> None:
        super().__init__(
            grant_type=grant_type,
            username=username,
            password=password,
            scope=scope,
            client_id=client_id,
            client_secret=client_secret,
        )
