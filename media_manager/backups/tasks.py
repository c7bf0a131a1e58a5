"""Scheduled jobs of the backups domain."""

from datetime import timedelta

from media_manager.backups.service import BackupService
from media_manager.core.jobs import JobContext, ScheduledJob

BACKUP_JOB_ID = "backups.create"


async def create_scheduled_backup(context: JobContext) -> None:
    """Back up the database and settings when due; keep the newest backups.keep of them."""
    # Imported here: main imports every domain's router, and app_jobs this module.
    from media_manager.main import apply_settings

    service = BackupService(context.state, apply_settings)
    if await service.scheduled_backup_due():
        await service.create("scheduled")


JOBS = [
    ScheduledJob(
        id=BACKUP_JOB_ID,
        run=create_scheduled_backup,
        # Looks every few hours whether a backup is due (backups.every_days).
        interval=timedelta(hours=6),
        first_run_after=timedelta(minutes=10),
    ),
]
