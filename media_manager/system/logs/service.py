import logging

from media_manager.core.logging import recent_logs
from media_manager.system.logs.schemas import LogLevel, LogRecordRead


def recent_records(level: LogLevel, limit: int) -> list[LogRecordRead]:
    """The newest records at `level` or above, newest first."""
    entries = recent_logs.newest(logging.getLevelNamesMapping()[level], limit)
    return [LogRecordRead.model_validate(entry) for entry in entries]
