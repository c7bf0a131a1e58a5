from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from media_manager.core.schemas import InputSchema, Schema, Storable


class BackupRead(Schema):
    # The file name, e.g. mediamanager-backup-20261201-030000-1a2b3c.zip; the backup's id.
    name: str
    size_bytes: int
    created_at: datetime
    # "manual" or "scheduled": only scheduled backups are pruned (backups.keep).
    kind: Literal["manual", "scheduled"]
    database: Literal["sqlite", "postgresql"]
    alembic_revision: str | None
    app_version: str
    # What the zip holds besides manifest.json.
    contents: list[str]


class RestoreRequest(InputSchema):
    # The backup's name again: a restore replaces every row of the database.
    confirm: Annotated[str, Field(max_length=200), Storable]


class RestoreResult(Schema):
    name: str
    message: str
    # Where the config file of the backup was put (it never replaces the one in use).
    config_file: str | None
