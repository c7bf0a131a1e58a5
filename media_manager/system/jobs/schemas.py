import uuid
from datetime import datetime
from typing import Literal

from media_manager.core.schemas import Schema

Outcome = Literal["running", "success", "failed", "cancelled", "interrupted"]


class JobRunRead(Schema):
    id: uuid.UUID
    job_id: str
    started_at: datetime
    # None while running and for interrupted runs.
    finished_at: datetime | None
    duration_seconds: float | None
    outcome: Outcome
    error: str | None


class JobRead(Schema):
    id: str
    description: str
    interval_seconds: float
    # None when scheduling is off ([scheduler] enabled = false).
    next_run_at: datetime | None
    running: bool
    running_since: datetime | None
    # How far the running job is, when it reports it (e.g. wanted searches: units searched).
    progress_done: int | None = None
    progress_total: int | None = None
    last_run: JobRunRead | None


class JobRunStarted(Schema):
    job_id: str
    message: str
