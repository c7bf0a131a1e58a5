from fastapi import APIRouter, BackgroundTasks, status

from media_manager.auth.dependencies import AdminUser
from media_manager.core.dependencies import PageParamsDep
from media_manager.core.schemas import SIGNED_IN_ERRORS, Page, error_responses
from media_manager.system.jobs.dependencies import JobServiceDep
from media_manager.system.jobs.schemas import JobRead, JobRunRead, JobRunStarted

router = APIRouter(prefix="/system/jobs", tags=["system"], responses=SIGNED_IN_ERRORS)


@router.get("")
async def list_jobs(_admin: AdminUser, service: JobServiceDep) -> list[JobRead]:
    """Every scheduled job: interval, next run, last run and whether it is running now."""
    return await service.list_jobs()


@router.get("/{job_id}/runs", responses=error_responses(404))
async def list_job_runs(
    _admin: AdminUser, service: JobServiceDep, job_id: str, page: PageParamsDep
) -> Page[JobRunRead]:
    """The job's recent runs, newest first (older ones are pruned)."""
    return await service.job_runs(job_id, page)


@router.post(
    "/{job_id}/run", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(404, 409)
)
async def run_job(
    _admin: AdminUser, service: JobServiceDep, job_id: str, background: BackgroundTasks
) -> JobRunStarted:
    """Start a run of the job now; 409 while a run of it is in progress."""
    return service.run_now(job_id, background)
