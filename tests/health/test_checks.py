"""The health job: problems appear and go away, each change notified once."""

import socket
import uuid
from datetime import UTC, datetime
from pathlib import Path

from httpx import AsyncClient

from media_manager.core.jobs import JobContext
from media_manager.health.service import check_health
from media_manager.main import apply_settings
from media_manager.system.jobs.models import JobRun
from tests.conftest import make_settings
from tests.support.http_server import serve_in_thread
from tests.support.webhook import WebhookReceiver

RECEIVER = WebhookReceiver()


def _dead_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def _use(app, tmp_path: Path, **sections) -> None:
    settings = make_settings(tmp_path / "data", app.state.settings.database_url, **sections)
    app.state.file_settings = settings
    apply_settings(app.state, settings)


async def test_problems_appear_and_go_away_with_one_notification_each(
    app, client: AsyncClient, admin_headers: dict, tmp_path: Path, relay, session
):
    missing_root = tmp_path / "more-tv"
    with serve_in_thread(RECEIVER.app()) as base_url:
        RECEIVER.base_url = base_url
        RECEIVER.reset()
        _use(
            app,
            tmp_path,
            library={"tv": [{"name": "more", "path": str(missing_root)}]},
            downloads={
                "clients": [
                    {
                        "name": "qbit",
                        "kind": "qbittorrent",
                        "url": "http://127.0.0.1:9",
                        "enabled": False,
                        "path_mappings": [{"remote": "/downloads", "local": "/nowhere/dl"}],
                    }
                ]
            },
            notifications={"targets": [{"name": "hook", "urls": RECEIVER.apprise_url()}]},
        )
        session.add(
            JobRun(
                id=uuid.uuid4(),
                job_id="downloads.poll",
                started_at=datetime.now(UTC),
                finished_at=datetime.now(UTC),
                outcome="failed",
                error="RuntimeError: boom",
            )
        )
        await session.commit()
        context = JobContext(app.state)

        first = await check_health(context)
        again = await check_health(context)
        report = (await client.get("/api/v1/system/health", headers=admin_headers)).json()
        missing_root.mkdir()
        fixed = await check_health(context)
        after = (await client.get("/api/v1/system/health", headers=admin_headers)).json()
        titles = [r.body["title"] for r in RECEIVER.received]

    assert {p.id for p in first.appeared} == {"library:tv/more", "job:downloads.poll"}
    assert again.appeared == [] and again.gone == []
    by_id = {p["id"]: p for p in report["problems"]}
    assert set(by_id) == {"library:tv/more", "job:downloads.poll"}
    assert "does not exist; create it" in by_id["library:tv/more"]["message"]
    assert by_id["library:tv/more"]["severity"] == "error"
    assert report["checked_at"] is not None
    assert [p.id for p in fixed.gone] == ["library:tv/more"]
    assert [p["id"] for p in after["problems"]] == ["job:downloads.poll"]
    library_titles = [t for t in titles if "more" in t]
    assert len(library_titles) == 2
    assert library_titles[0].startswith("Health problem: ")
    assert library_titles[1].startswith("Resolved: ")
    assert len([t for t in titles if "downloads.poll" in t]) == 1
    unread = (await client.get("/api/v1/notifications/unread-count", headers=admin_headers)).json()
    assert unread == {"unread": 3}


async def test_unreachable_services_and_thresholds_are_problems(app, tmp_path: Path):
    dead = _dead_url()
    _use(
        app,
        tmp_path,
        metadata={"relay_url": dead},
        indexer={"torznab": [{"name": "idx", "url": f"{dead}/api", "api_key": "k" * 10}]},
        downloads={
            "clients": [
                {
                    "name": "qbit",
                    "kind": "qbittorrent",
                    "url": dead,
                    "path_mappings": [{"remote": "/downloads", "local": "/nowhere/dl"}],
                }
            ]
        },
        health={"free_space_warning_gib": 1_000_000, "database_size_warning_gib": 0.000001},
    )

    change = await check_health(JobContext(app.state))

    found = {problem.id: problem for problem in change.appeared}
    assert {
        "metadata-source",
        "indexer:idx",
        "download-client:qbit",
        "path-mapping:qbit:/downloads",
        "library-free-space:tv/default",
        "library-free-space:movies/default",
    } <= set(found)
    assert "/nowhere/dl, which does not exist here" in found["path-mapping:qbit:/downloads"].message
    assert found["library-free-space:tv/default"].severity == "warning"
    assert "database-size" in found


async def test_health_report_is_for_admins(client: AsyncClient, user_headers: dict):
    response = await client.get("/api/v1/system/health", headers=user_headers)

    assert response.status_code == 403
