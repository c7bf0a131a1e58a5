"""Schema bases and the input types shared by every domain."""

import re
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

T = TypeVar("T")

# Both databases store integers in at most 64 signed bits; a larger number from a client is
# refused at the edge instead of overflowing in the driver.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
# Ids of TMDB, TVDB and other providers: positive, and stored as BIGINT.
ExternalId = Annotated[int, Field(ge=1, le=INT64_MAX)]
# Season and episode numbers as shows use them (specials are season 0).
SeasonNumber = Annotated[int, Field(ge=0, le=9999)]
EpisodeNumber = Annotated[int, Field(ge=0, le=99999)]

# NUL is refused by PostgreSQL in text; a lone surrogate cannot be encoded as UTF-8 at all.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(value: str | None) -> str | None:
    if value is not None and _UNSTORABLE.search(value):
        raise ValueError("must not contain NUL characters or unpaired surrogates")
    return value


def storable_json(value: Any) -> Any:
    """Decoded JSON from another service with every string made storable: NUL characters
    dropped, unpaired surrogates replaced by U+FFFD (what the service meant is kept)."""
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)
        return value
    if isinstance(value, dict):
        return {storable_json(key): storable_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable_json(item) for item in value]
    return value


# Every string the API accepts carries a max_length and this check, placed after the length
# so that an oversized value is refused by its length before it is scanned:
# `Annotated[str, Query(max_length=200), Storable]`.
Storable = AfterValidator(_storable)
Name = Annotated[str, StringConstraints(min_length=1, max_length=100), Storable]
# Long enough for any passphrase, short enough that hashing it is cheap.
MAX_PASSWORD_LENGTH = 1024
Password = Annotated[str, StringConstraints(min_length=1, max_length=MAX_PASSWORD_LENGTH), Storable]


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class InputSchema(BaseModel):
    """Request bodies: unknown fields are refused, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")


class ErrorRead(BaseModel):
    """Every error the API answers with (validation errors add `errors`)."""

    detail: str
    # The error's class name, e.g. "ShowNotFound"; stable for clients to match on.
    error: str


class ValidationErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorRead(ErrorRead):
    # Request validation lists each invalid field (input values are not echoed); a 422 from a
    # domain check (e.g. an unknown library) has only detail and error.
    errors: list[ValidationErrorItem] = []


_DESCRIPTIONS = {
    400: "The request cannot be carried out as sent, e.g. a body that is not valid JSON",
    401: "Not logged in, or the credentials are invalid",
    403: "The account is not approved yet, or the route is for administrators",
    404: "No such item",
    409: "Conflicts with what is stored",
    413: "The request body is too large",
    422: "Invalid input: the message names the field",
    429: "Too many attempts, or an upstream service asks to slow down; see Retry-After",
    502: "An upstream service failed or answered nonsense",
    503: "An upstream service is not configured or not available",
    504: "An upstream service did not answer in time",
}


def error_responses(*status_codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for routers and routes: the errors they answer, in the one error shape."""
    return {
        code: {
            "model": ValidationErrorRead if code == 422 else ErrorRead,
            "description": _DESCRIPTIONS[code],
        }
        for code in status_codes
    }


class Page(Schema, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


MAX_PAGE_SIZE = 500
# page * page_size must stay a 64-bit offset; nobody pages this far in practice.
MAX_PAGE = 10_000_000


class PageParams(BaseModel):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


# What any route can answer: a body that is not JSON (400), too large (413) or invalid (422).
COMMON_ERRORS = error_responses(400, 413, 422)
# What every route for signed-in users can answer, before its own errors.
# 429: too many invalid API keys from the client's address refuses every key for a while.
SIGNED_IN_ERRORS = error_responses(400, 401, 403, 413, 422, 429)
