from typing import Any

from fastapi.exceptions import RequestValidationError

from media_manager.core.errors import Conflict, NotFound


class SettingsEntryNotFound(NotFound):
    pass


class SettingReadOnly(Conflict):
    """The entry or field comes from the config file or the environment."""


class SettingsNameTaken(Conflict):
    pass


class SettingInUse(Conflict):
    """Another setting refers to this entry by name (a library to its download client)."""


def invalid(errors: list[dict[str, Any]]) -> RequestValidationError:
    """A 422 in the same shape as request validation: each error names its field in the body.

    Used when input is only complete after merging with what is stored (an update keeps
    omitted fields), so the framework could not validate it at the edge.
    """
    return RequestValidationError(
        [{**error, "loc": ("body", *error.get("loc", ()))} for error in errors]
    )


def invalid_field(field: str | None, message: str) -> RequestValidationError:
    return invalid([{"loc": (field,) if field else (), "msg": message, "type": "value_error"}])
