"""The run history of scheduled jobs; each job keeps its most recent runs."""

import uuid
from datetime import datetime

from sqlalchemy import Float, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from media_manager.core.database import Base, UtcDateTime


class JobRun(Base):
    __tablename__ = "job_runs"
    __table_args__ = (Index("ix_job_runs_job_id_started_at", "job_id", "started_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # A ScheduledJob id such as "tv.refresh_shows"; not a foreign key: jobs live in code.
    job_id: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # None while running, and for runs the app was killed during ("interrupted").
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    # "running", "success", "failed", "cancelled" or "interrupted"
    outcome: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
