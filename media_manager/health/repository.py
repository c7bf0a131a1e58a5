from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.repository import Repository
from media_manager.health.models import HealthProblem
from media_manager.system.jobs.models import JobRun


class HealthProblemRepository(Repository[HealthProblem]):
    async def all(self) -> list[HealthProblem]:
        query = select(HealthProblem).order_by(HealthProblem.since, HealthProblem.id)
        return list((await self.session.execute(query)).scalars())

    async def add_all(self, problems: list[HealthProblem]) -> None:
        self.session.add_all(problems)
        await self.session.flush()


async def postgres_database_size(session: AsyncSession) -> int:
    query = text("SELECT pg_database_size(current_database())")
    return int((await session.execute(query)).scalar_one())


class JobRunReader(Repository[JobRun]):
    async def failed_latest(self, job_ids: list[str]) -> list[JobRun]:
        """The jobs whose most recent finished run failed."""
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
            .where(JobRun.job_id.in_(job_ids), JobRun.outcome.in_(("success", "failed")))
            .subquery()
        )
        query = (
            select(JobRun)
            .join(ranked, ranked.c.id == JobRun.id)
            .where(ranked.c.rank == 1, JobRun.outcome == "failed")
            .order_by(JobRun.job_id)
        )
        return list((await self.session.execute(query)).scalars())
