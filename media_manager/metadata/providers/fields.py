"""Field types for what TMDB and TVDB answer, lenient where real answers are untidy.

One odd value (an empty or impossible date, a year written "TBA", null for a list or a name)
must not fail a whole show: it is read as "unknown" and the rest of the record is kept.
"""

from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator

T = TypeVar("T")


def _date_or_none(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            # "2019-05-01", or the date part of "2019-05-01T00:00:00Z".
            return date.fromisoformat(value[:10])
        except ValueError:
            return None  # "0000-00-00", "2019-00-00", "TBA"
    return value


def int_or_none(value: Any) -> Any:
    """A number written in decimal digits; other text ("TBA", "²") is unknown (None)."""
    if isinstance(value, str):
        value = value.strip()
        return int(value) if value.isdecimal() else None
    return value


def _text(value: Any) -> Any:
    return value or ""


def _list(value: Any) -> Any:
    return [] if value is None else value


OptionalDate = Annotated[date | None, BeforeValidator(_date_or_none)]
OptionalInt = Annotated[int | None, BeforeValidator(int_or_none)]
Text = Annotated[str, BeforeValidator(_text)]
# A list that a provider may send as null.
NullableList = Annotated[list[T], BeforeValidator(_list)]
