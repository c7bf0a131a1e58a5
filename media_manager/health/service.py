"""The health check job: run the checks, keep the problems, notify on change."""

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.database import begin_read
from media_manager.health.checks import Found, run_checks
from media_manager.health.models import HealthProblem
from media_manager.health.repository import HealthProblemRepository
from media_manager.health.schemas import HealthProblemRead, HealthReport
from media_manager.notifications.service import notify

log = logging.getLogger(__name__)


@dataclass
class HealthChange:
    appeared: list[Found] = field(default_factory=list)
    gone: list[HealthProblem] = field(default_factory=list)


async def check_health(context: Any) -> HealthChange:
    """Run every check, record what changed, and notify each appearance and disappearance."""
    found = {problem.id: problem for problem in await run_checks(context)}
    now = datetime.now(UTC)
    change = HealthChange()
    async with context.sessionmaker() as session, session.begin():
        repository = HealthProblemRepository(session)
        stored = {problem.id: problem for problem in await repository.all()}
        for problem_id, problem in stored.items():
            if problem_id in found:
                problem.message = found[problem_id].message
                problem.severity = found[problem_id].severity
                problem.checked_at = now
            else:
                change.gone.append(problem)
                await session.delete(problem)
        change.appeared = [new for new in found.values() if new.id not in stored]
        await repository.add_all(
            [
                HealthProblem(
                    id=new.id,
                    severity=new.severity,
                    message=new.message,
                    since=now,
                    checked_at=now,
                )
                for new in change.appeared
            ]
        )
    context.state.health_checked_at = now
    for appeared in change.appeared:
        log.warning("Health: %s", appeared.message)
        await notify(
            context,
            "health_problem",
            f"Health problem: {_short(appeared.message)}",
            appeared.message,
            key=f"health:{appeared.id}",
        )
    for gone in change.gone:
        log.info("Health: resolved: %s", gone.message)
        await notify(
            context,
            "health_restored",
            f"Resolved: {_short(gone.message)}",
            f"This problem is gone: {gone.message}",
            key=f"health:{gone.id}",
        )
    return change


def _short(message: str) -> str:
    first = message.split(";", 1)[0].split(": ", 1)[0]
    return first if len(first) <= 120 else first[:117] + "..."


class HealthService:
    def __init__(self, session: AsyncSession, checked_at: datetime | None) -> None:
        self.session = session
        self.problems = HealthProblemRepository(session)
        self.checked_at = checked_at

    async def report(self) -> HealthReport:
        """The problems the last check found, oldest first."""
        await begin_read(self.session)
        problems = await self.problems.all()
        return HealthReport(
            checked_at=self.checked_at,
            problems=[HealthProblemRead.model_validate(problem) for problem in problems],
        )
