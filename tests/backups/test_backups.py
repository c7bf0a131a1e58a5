"""Backups and restores on a database of their own (not the rolled-back test transaction)."""

import asyncio
import io
import json
import stat
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select

from media_manager.backups.service import backups_dir
from media_manager.core import migrations
from media_manager.main import create_app
from media_manager.tv.models import Episode, Show
from tests.conftest import (
    CHEAP_PASSWORD_HELPER,
    MigratedDatabases,
    bearer_headers,
    drop_postgres_database,
    make_settings,
    register,
)
from tests.tv.factories import create_show

BACKUPS = "/api/v1/system/backups"


@pytest.fixture
async def own_app(
    database_url: str, tmp_path: Path, migrated_databases: MigratedDatabases
) -> AsyncIterator:
    """An app on a fresh, migrated database of the same kind as `database_url`."""
    postgres = not database_url.startswith("sqlite")
    kind = "postgresql" if postgres else "sqlite"
    url = await migrated_databases.create(kind, tmp_path / "own.db")
    app = create_app(make_settings(tmp_path / "data", url, scheduler={"enabled": False}))
    try:
        async with app.router.lifespan_context(app):
            app.state.password_helper = CHEAP_PASSWORD_HELPER
            yield app
    finally:
        if postgres:
            await drop_postgres_database(url)


@pytest.fixture
async def own_client(own_app) -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(app=own_app)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def _library(app) -> tuple[set[str], int]:
    async with app.state.sessionmaker() as session:
        names = set((await session.execute(select(Show.name))).scalars())
        episodes = (await session.execute(select(func.count()).select_from(Episode))).scalar_one()
    return names, episodes


async def test_backup_modify_restore_brings_the_data_back(own_app, own_client: AsyncClient):
    client = own_client
    await register(client, "admin@example.com")
    admin = await bearer_headers(client, "admin@example.com")
    await register(client, "viewer@example.com")
    async with own_app.state.sessionmaker() as session:
        await create_show(session, name="Kept Show", seasons={1: [None] * 3, 2: [None] * 2})
        await create_show(session, name="Second Show")
    target = await client.post(
        "/api/v1/settings/notifications",
        json={"name": "phone", "urls": "ntfy://topic-1", "events": ["grabbed"]},
        headers=admin,
    )
    assert target.status_code == 201, target.text
    before = await _library(own_app)

    made = await client.post(BACKUPS, headers=admin)
    assert made.status_code == 201, made.text
    backup = made.json()
    if not own_app.state.settings.is_sqlite:
        # The portable export leaves out PostgreSQL's generated search column.
        with zipfile.ZipFile(backups_dir(own_app.state.settings) / backup["name"]) as archive:
            show_rows = archive.read("tables/shows.jsonl").decode().splitlines()
        assert show_rows and all("search_text" not in json.loads(row) for row in show_rows)

    async with own_app.state.sessionmaker() as session:
        show = (await session.execute(select(Show).where(Show.name == "Kept Show"))).scalar_one()
        await session.delete(show)
        await session.commit()
        await create_show(session, name="Added Later")
    await client.delete(f"/api/v1/settings/notifications/{target.json()['id']}", headers=admin)
    await register(client, "later@example.com")
    assert (await _library(own_app)) != before
    assert own_app.state.settings.notifications.targets == []

    refused = await client.post(
        f"{BACKUPS}/{backup['name']}/restore", json={"confirm": "yes"}, headers=admin
    )
    restored = await client.post(
        f"{BACKUPS}/{backup['name']}/restore", json={"confirm": backup["name"]}, headers=admin
    )

    assert refused.status_code == 422
    assert restored.status_code == 200, restored.text
    assert await _library(own_app) == before
    assert [t.name for t in own_app.state.settings.notifications.targets] == ["phone"]
    # The restored accounts work: the admin logs in again, "later" is gone.
    admin = await bearer_headers(client, "admin@example.com")
    # The title search works on the restored rows (its index is rebuilt from them).
    found = await client.get("/api/v1/tv/shows", params={"search": "kept sh"}, headers=admin)
    assert [item["name"] for item in found.json()["items"]] == ["Kept Show"]
    users = (await client.get("/api/v1/users", headers=admin)).json()
    emails = {u["email"] for u in (users["items"] if isinstance(users, dict) else users)}
    assert emails == {"admin@example.com", "viewer@example.com"}
    # New rows after the restore get fresh ids (sequences follow the restored rows).
    again = await client.post(
        "/api/v1/settings/notifications",
        json={"name": "desk", "urls": "ntfy://topic-2"},
        headers=admin,
    )
    assert again.status_code == 201, again.text
    changes = (await client.get("/api/v1/settings/changes", headers=admin)).json()
    assert changes["total"] == 2


async def test_backup_file_is_private_and_describes_itself(own_app, own_client: AsyncClient):
    await register(own_client, "admin@example.com")
    admin = await bearer_headers(own_client, "admin@example.com")

    made = (await own_client.post(BACKUPS, headers=admin)).json()
    listed = (await own_client.get(BACKUPS, headers=admin)).json()
    download = await own_client.get(f"{BACKUPS}/{made['name']}", headers=admin)

    path = own_app.state.settings.data_dir / "backups" / made["name"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [b["name"] for b in listed] == [made["name"]]
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(download.content)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = zf.namelist()
    kind = "sqlite" if own_app.state.settings.is_sqlite else "postgresql"
    assert manifest["database"] == kind
    assert manifest["alembic_revision"]
    assert "settings.json" in names
    if kind == "sqlite":
        assert "database.sqlite3" in names
    else:
        assert "tables/users.jsonl" in names
        assert manifest["pg_dump"] == "included"
        assert "database.pgdump" in names


async def test_backup_reads_the_revision_while_another_connection_writes(
    app, client: AsyncClient, admin_headers: dict
):
    # Registering the admin left the test's transaction holding SQLite's write lock; reading
    # the revision on a connection of its own must not wait for it (nor give up after the
    # busy timeout and record no revision).
    made = await client.post(BACKUPS, headers=admin_headers)
    assert made.status_code == 201, made.text

    path = app.state.settings.data_dir / "backups" / made.json()["name"]
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    script = ScriptDirectory.from_config(migrations.alembic_config(app.state.settings.database_url))
    assert manifest["alembic_revision"] == script.get_current_head()


async def test_delete_and_unknown_backup_names(own_client: AsyncClient):
    await register(own_client, "admin@example.com")
    admin = await bearer_headers(own_client, "admin@example.com")
    made = (await own_client.post(BACKUPS, headers=admin)).json()

    traversal = await own_client.get(f"{BACKUPS}/..%2Fconfig.toml", headers=admin)
    deleted = await own_client.delete(f"{BACKUPS}/{made['name']}", headers=admin)
    gone = await own_client.get(f"{BACKUPS}/{made['name']}", headers=admin)

    assert traversal.status_code == 404
    assert deleted.status_code == 204
    assert gone.status_code == 404
    assert (await own_client.get(BACKUPS, headers=admin)).json() == []


async def test_scheduled_backups_keep_the_newest(own_app, own_client: AsyncClient):
    from media_manager.backups.service import BackupService
    from media_manager.main import apply_settings

    own_app.state.settings.backups.keep = 2
    service = BackupService(own_app.state, apply_settings)
    manual = await service.create("manual")
    for _ in range(3):
        await service.create("scheduled")

    left = await service.all()
    assert len([b for b in left if b.kind == "scheduled"]) == 2
    assert manual.name in {b.name for b in left}


async def test_scheduled_backup_is_made_only_when_due(own_app):
    from media_manager.backups.service import BackupService
    from media_manager.backups.tasks import create_scheduled_backup
    from media_manager.core.jobs import JobContext
    from media_manager.main import apply_settings

    context = JobContext(own_app.state)
    await create_scheduled_backup(context)
    await create_scheduled_backup(context)
    own_app.state.settings.backups.every_days = 1e-9
    await create_scheduled_backup(context)

    left = await BackupService(own_app.state, apply_settings).all()
    assert [b.kind for b in left] == ["scheduled", "scheduled"]


async def test_restore_stops_running_jobs_and_lets_them_run_again_after(
    own_app, own_client: AsyncClient
):
    from datetime import timedelta

    from media_manager.core.jobs import JobContext, ScheduledJob
    from media_manager.core.scheduler import InProcessJobRunner
    from media_manager.system.jobs.service import JobRunRecorder

    await register(own_client, "admin@example.com")
    admin = await bearer_headers(own_client, "admin@example.com")
    made = (await own_client.post(BACKUPS, headers=admin)).json()
    before = await _library(own_app)
    written = asyncio.Event()

    async def writer(context: JobContext) -> None:
        """Adds a show every few milliseconds until cancelled."""
        while True:
            async with context.sessionmaker() as session:
                await create_show(session, name="Written by a job")
            written.set()
            await asyncio.sleep(0.01)

    context = JobContext(own_app.state)
    runner = InProcessJobRunner(
        [ScheduledJob(id="test.writer", run=writer, interval=timedelta(hours=1))],
        context,
        JobRunRecorder(context, 10),
        scheduling=False,
    )
    own_app.state.job_runner = runner
    await runner.start()
    try:
        runner.run_now("test.writer")
        await asyncio.wait_for(written.wait(), timeout=5)

        restored = await own_client.post(
            f"{BACKUPS}/{made['name']}/restore", json={"confirm": made["name"]}, headers=admin
        )

        assert restored.status_code == 200, restored.text
        # The job was stopped before the data was replaced and wrote nothing since.
        assert runner.get("test.writer").running_since is None
        assert await _library(own_app) == before
        await asyncio.sleep(0.1)
        assert await _library(own_app) == before
        # Resumed: the job runs again on request.
        written.clear()
        runner.run_now("test.writer")
        await asyncio.wait_for(written.wait(), timeout=5)
    finally:
        await runner.stop()
    names, _ = await _library(own_app)
    assert "Written by a job" in names
