"""Scheduled jobs of the backups domain."""

from datetime import timedelta

from media_manager.backups.service import BackupService
from media_manager.core.jobs import JobContext, ScheduledJob

BACKUP_JOB_ID = "backups.create"


async def create_scheduled_backup(context: JobContext) -> None:
    """Back up the database and the settings; keep the newest backups.keep scheduled ones."""
    # Imported here: main imports every domain's router, and app_jobs this module.
    from media_manager.main import apply_settings

    await BackupService(context.state, apply_settings).create("scheduled")


JOBS = [
    ScheduledJob(
        id=BACKUP_JOB_ID,
        run=create_scheduled_backup,
        interval=timedelta(days=7),
        first_run_after=timedelta(hours=1),
    ),
]
