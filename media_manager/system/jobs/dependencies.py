from typing import Annotated

from fastapi import Depends, Request

from media_manager.core.dependencies import SessionDep
from media_manager.core.scheduler import JobRunner
from media_manager.system.jobs.service import JobService


async def get_job_runner(request: Request) -> JobRunner:
    return request.app.state.job_runner


JobRunnerDep = Annotated[JobRunner, Depends(get_job_runner)]


async def get_job_service(session: SessionDep, runner: JobRunnerDep) -> JobService:
    return JobService(session, runner)


JobServiceDep = Annotated[JobService, Depends(get_job_service)]
