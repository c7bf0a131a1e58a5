from pydantic import Field

from media_manager.core.config import Section


class BackupSettings(Section):
    # A scheduled backup is made when the newest one is this old (checked every few hours, so
    # restarts neither skip nor repeat it).
    every_days: float = Field(7, gt=0, le=365)
    # Scheduled backups kept (the oldest go first); manual backups are never removed for this.
    keep: int = Field(4, ge=1, le=100)
    # PostgreSQL: also run pg_dump (custom format) when the program is installed. The portable
    # export, which the restore uses, is always made.
    pg_dump: bool = True
