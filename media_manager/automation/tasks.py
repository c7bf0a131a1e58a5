"""Scheduled jobs of automation: new and older wanted items, RSS sync, queued wanted searches."""

import logging
import uuid
from datetime import UTC, datetime, timedelta

from media_manager.automation.config import AutomationSettings
from media_manager.automation.dependencies import job_automation_service
from media_manager.automation.repository import imported_completions
from media_manager.config import Settings
from media_manager.core.jobs import JobContext, ScheduledJob
from media_manager.downloads.clients.base import ClientError
from media_manager.downloads.dependencies import job_download_clients
from media_manager.downloads.service import FailedHook, FinishedItem, PollHook, PollReport

log = logging.getLogger(__name__)

SEARCH_NEW_JOB_ID = "automation.search_new"
RSS_JOB_ID = "automation.rss"
SEARCH_WANTED_JOB_ID = "automation.search_wanted"
# Queued wanted searches taken per unit of work; progress is reported after each batch.
WANTED_BATCH = 10


async def search_new(context: JobContext[Settings]) -> None:
    """Search wanted episodes and movies that just came out, then sweep a few older ones."""
    if not context.settings.automation.enabled:
        return
    async with context.sessionmaker() as session:
        service = job_automation_service(context, session)
        new = await service.search_new()
        await session.commit()
        swept = await service.sweep()
        await session.commit()
    if new or swept:
        grabbed = sum(d.outcome == "grabbed" for d in (*new, *swept))
        log.info(
            "Searched %d new and %d older wanted items; %d grabbed", len(new), len(swept), grabbed
        )


async def rss_sync(context: JobContext[Settings]) -> None:
    """Read every indexer's recent releases and grab the wanted ones."""
    if not context.settings.automation.enabled:
        return
    async with context.sessionmaker() as session:
        await job_automation_service(context, session).rss_sync()
        await session.commit()


async def search_wanted(context: JobContext[Settings]) -> None:
    """Search the wanted items queued by POST /api/v1/wanted/search, reporting progress."""
    done = 0
    while True:
        async with context.sessionmaker() as session:
            searched, left = await job_automation_service(context, session).search_requested(
                WANTED_BATCH
            )
            await session.commit()
        if not searched:
            return
        done += searched
        context.state.job_runner.report_progress(SEARCH_WANTED_JOB_ID, done, done + left)


async def purge_decisions(context: JobContext[Settings]) -> None:
    """Delete automation decisions older than [automation] decisions_keep_days."""
    async with context.sessionmaker() as session:
        removed = await job_automation_service(context, session).purge_decisions()
        await session.commit()
    if removed:
        log.info("Removed %d old automation decisions", removed)


def failed_downloads_hook(context: JobContext[Settings]) -> FailedHook:
    """What the download poller calls with downloads that just failed."""

    async def handle(download_ids: list[uuid.UUID]) -> None:
        if not context.settings.automation.enabled:
            return
        async with context.sessionmaker() as session:
            await job_automation_service(context, session).handle_failed(download_ids)
            await session.commit()

    return handle


def seeding_goals_hook(context: JobContext[Settings]) -> PollHook:
    """What the download poller calls after each tick: imported downloads that reached their
    goal leave their client (automation.remove_completed)."""

    async def handle(report: PollReport) -> None:
        settings = context.settings
        if not settings.automation.remove_completed or not report.finished:
            return
        async with context.sessionmaker() as session:
            completed = await imported_completions(
                session, [item.download_id for item in report.finished]
            )
        now = datetime.now(UTC)
        done = [
            item
            for item in report.finished
            if item.download_id in completed
            and _goal_reached(item, completed[item.download_id], settings.automation, now)
        ]
        if not done:
            return
        # Symlinked library files point into the download: its data must stay.
        delete_data = settings.importer.placement != "symlink"
        clients = job_download_clients(context)
        for item in done:
            client = clients.get(item.client)
            try:
                await client.remove([item.client_item_id], delete_data=delete_data)
            except ClientError as exc:
                log.warning("Could not remove a finished download from %s: %s", client.name, exc)
                continue
            log.info(
                "Removed finished download %s from %s (%s)",
                item.client_item_id,
                client.name,
                "imported" if item.protocol == "usenet" else "seeding goal reached",
            )

    return handle


def _goal_reached(
    item: FinishedItem,
    completed_at: datetime | None,
    goals: AutomationSettings,
    now: datetime,
) -> bool:
    if item.protocol == "usenet":
        return True
    if goals.seed_ratio_goal is not None and (item.ratio or 0) >= goals.seed_ratio_goal:
        return True
    if goals.seed_hours_goal is None:
        return False
    seeded = item.seeding_seconds
    if seeded is None and completed_at is not None:
        seeded = int((now - completed_at).total_seconds())
    return seeded is not None and seeded >= goals.seed_hours_goal * 3600


JOBS = [
    ScheduledJob(
        id=SEARCH_NEW_JOB_ID,
        run=search_new,
        interval=timedelta(minutes=15),
        first_run_after=timedelta(minutes=2),
    ),
    # The interval is automation.rss_interval_minutes (see app_jobs.py); this is its default.
    ScheduledJob(
        id=RSS_JOB_ID,
        run=rss_sync,
        interval=timedelta(minutes=15),
        first_run_after=timedelta(minutes=3),
    ),
    # Started by POST /wanted/search; the schedule only catches requests queued while it ended.
    ScheduledJob(
        id=SEARCH_WANTED_JOB_ID,
        run=search_wanted,
        interval=timedelta(minutes=10),
        first_run_after=timedelta(minutes=1),
    ),
    ScheduledJob(
        id="automation.purge_decisions",
        run=purge_decisions,
        interval=timedelta(days=1),
        first_run_after=timedelta(minutes=9),
    ),
]
