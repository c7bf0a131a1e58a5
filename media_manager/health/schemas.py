from datetime import datetime
from typing import Literal

from media_manager.core.schemas import Schema


class Health(Schema):
    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "unreachable"]


class HealthProblemRead(Schema):
    # Stable per problem: "indexer:<name>", "library:tv/default", "job:<job id>".
    id: str
    severity: Literal["warning", "error"]
    # What is wrong and what to do about it.
    message: str
    since: datetime


class HealthReport(Schema):
    # When the checks last ran in this process (None: not since start-up).
    checked_at: datetime | None
    problems: list[HealthProblemRead]
