"""What the settings API reads and writes; per-section schemas are made from the section models."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, create_model, field_validator

from media_manager.core.schemas import InputSchema, Schema, Storable
from media_manager.settings.sections import SettingsSection

# "file": the config file or an environment variable; "default": built in (paths.tv/movies).
Source = Literal["file", "database", "default"]
Action = Literal["create", "update", "delete"]


class FieldChange(Schema):
    # Secret fields are recorded as changed, never with their values.
    old: Any = None
    new: Any = None
    secret: bool = False


class SettingsChangeRead(Schema):
    id: int
    at: datetime
    user_id: uuid.UUID | None
    user_email: str
    section: str
    # The entry's name in a collection; None for sections with one set of fields.
    entry_name: str | None
    action: Action
    changes: dict[str, FieldChange]


@dataclass(frozen=True)
class SectionSchemas:
    read: type[BaseModel]
    # Collections only: the new entry (every required field).
    create: type[BaseModel] | None
    # Every field optional: omitted fields are kept, an explicit null clears.
    update: type[BaseModel]
    # The body of POST .../test: unsaved values, over a saved entry when `id` is given.
    test: type[BaseModel]


def _check_strings(value: Any) -> Any:
    # The section models come from the config file, which cannot carry these characters.
    if isinstance(value, str):
        Storable.func(value)
    elif isinstance(value, dict):
        for item in value.values():
            _check_strings(item)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item)
    return value


def _validators(section: SettingsSection) -> dict[str, Any]:
    def storable(cls: type, value: Any) -> Any:
        return _check_strings(value)

    validators: dict[str, Any] = {
        "_storable": field_validator("*", mode="before")(classmethod(storable)),
    }
    if section.absolute_paths:

        def absolute(cls: type, value: Any, info: ValidationInfo) -> Any:
            if isinstance(value, str | Path) and not Path(value).is_absolute():
                raise ValueError(
                    f"give an absolute path (starting with /), e.g. /srv/media/{info.field_name}"
                )
            return value

        validators["_absolute"] = field_validator(*section.absolute_paths, mode="before")(
            classmethod(absolute)
        )
    return validators


def build_schemas(section: SettingsSection) -> SectionSchemas:
    secrets = section.secret_fields
    read_fields: dict[str, Any] = {}
    optional_fields: dict[str, Any] = {}
    for name, info in section.model.model_fields.items():
        description = info.description
        if name in secrets:
            read_fields[f"{name}_set"] = (
                bool,
                Field(description=f"Whether {name} is set; its value is never shown"),
            )
        else:
            read_fields[name] = (info.annotation, Field(description=description))
        optional_fields[name] = (info.annotation | None, Field(None, description=description))

    # "IndexerEntryRead", "MetadataSettingsUpdate": distinct from the domains' own schemas.
    label = section.label + ("Entry" if section.kind == "collection" else "Settings")
    if section.kind == "collection":
        read = create_model(
            f"{label}Read",
            __base__=Schema,
            id=(str, Field(description='"file:<name>" for entries of the config file')),
            source=(Source, ...),
            read_only=(bool, Field(description="Defined in the config file: change it there")),
            **read_fields,
        )
        create: type[BaseModel] | None = create_model(
            f"{label}Create", __base__=section.model, __validators__=_validators(section)
        )
    else:
        read = create_model(
            f"{label}Read",
            __base__=Schema,
            pinned=(
                list[str],
                Field(description="Fields set in the config file or environment: read-only"),
            ),
            **read_fields,
        )
        create = None
    update = create_model(
        f"{label}Update",
        __base__=InputSchema,
        __validators__=_validators(section),
        **optional_fields,
    )
    if section.kind == "collection":
        test = create_model(
            f"{label}Test",
            __base__=update,
            id=(
                str | None,
                Field(
                    None,
                    max_length=200,
                    description="A saved entry whose values fill in what the body leaves out",
                ),
            ),
        )
    else:
        test = update
    return SectionSchemas(read=read, create=create, update=update, test=test)
