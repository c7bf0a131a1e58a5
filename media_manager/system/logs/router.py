from typing import Annotated

from fastapi import APIRouter, Query

from media_manager.auth.dependencies import AdminUser
from media_manager.core.schemas import SIGNED_IN_ERRORS
from media_manager.system.logs.schemas import LogLevel, LogRecordRead
from media_manager.system.logs.service import recent_records

router = APIRouter(prefix="/system/logs", tags=["system"], responses=SIGNED_IN_ERRORS)


@router.get("")
async def list_logs(
    _admin: AdminUser,
    level: LogLevel = "INFO",
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[LogRecordRead]:
    """The server's latest log records at `level` or above, newest first (admins only; the
    last 1,000 are kept in memory, secrets in URLs redacted)."""
    return recent_records(level, limit)
