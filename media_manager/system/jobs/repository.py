"""Every query of the job run history."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update

from media_manager.core.repository import Repository
from media_manager.system.jobs.models import JobRun


class JobRunRepository(Repository[JobRun]):
    async def count_running(self) -> int:
        query = select(func.count()).select_from(JobRun).where(JobRun.outcome == "running")
        return (await self.session.execute(query)).scalar_one()

    async def interrupt_running(self, error: str) -> int:
        statement = (
            update(JobRun)
            .where(JobRun.outcome == "running")
            .values(outcome="interrupted", error=error)
        )
        result = await self.session.execute(statement)
        return result.rowcount  # type: ignore[attr-defined]

    async def insert(self, run: JobRun) -> None:
        self.session.add(run)
        await self.flush()

    async def get(self, run_id: uuid.UUID) -> JobRun | None:
        return await self.session.get(JobRun, run_id)

    async def prune(self, job_id: str, keep: int) -> int:
        """Delete the job's runs but the `keep` most recent ones; returns how many went."""
        newest = (
            select(JobRun.id)
            .where(JobRun.job_id == job_id)
            .order_by(JobRun.started_at.desc(), JobRun.id.desc())
            .limit(keep)
        )
        statement = delete(JobRun).where(JobRun.job_id == job_id, JobRun.id.not_in(newest))
        result = await self.session.execute(statement)
        return result.rowcount  # type: ignore[attr-defined]

    async def latest(self, job_ids: Sequence[str]) -> dict[str, JobRun]:
        """The most recent run of each of the jobs that has one."""
        ranked = (
            select(
                JobRun.id,
                func.row_number()
                .over(
                    partition_by=JobRun.job_id,
                    order_by=(JobRun.started_at.desc(), JobRun.id.desc()),
                )
                .label("rank"),
            )
            .where(JobRun.job_id.in_(job_ids))
            .subquery()
        )
        query = select(JobRun).join(ranked, ranked.c.id == JobRun.id).where(ranked.c.rank == 1)
        return {run.job_id: run for run in (await self.session.execute(query)).scalars()}

    async def page(self, job_id: str, offset: int, limit: int) -> tuple[list[JobRun], int]:
        """The job's runs, newest first, and how many there are."""
        total = (
            await self.session.execute(
                select(func.count()).select_from(JobRun).where(JobRun.job_id == job_id)
            )
        ).scalar_one()
        query = (
            select(JobRun)
            .where(JobRun.job_id == job_id)
            .order_by(JobRun.started_at.desc(), JobRun.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list((await self.session.execute(query)).scalars()), total

    async def finish(
        self,
        run: JobRun,
        finished_at: datetime,
        outcome: str,
        error: str | None,
    ) -> None:
        run.finished_at = finished_at
        run.duration_seconds = max((finished_at - run.started_at).total_seconds(), 0.0)
        run.outcome = outcome
        run.error = error
        await self.flush()
