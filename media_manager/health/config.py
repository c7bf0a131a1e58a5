from pydantic import Field

from media_manager.core.config import Section


class HealthSettings(Section):
    # A library folder with less free space than this is reported.
    free_space_warning_gib: float = Field(10.0, ge=0, le=1_000_000)
    # A database larger than this is reported (SQLite file or PostgreSQL database).
    database_size_warning_gib: float = Field(20.0, gt=0, le=1_000_000)
