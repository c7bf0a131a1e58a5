"""SIGKILL in the middle of importing a season pack, then the import again: nothing lost or
duplicated. A real process is killed; SQLite in a file, so both processes share the database."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from media_manager.config import Settings
from media_manager.core.database import create_engine, create_sessionmaker
from media_manager.downloads.models import Download
from media_manager.importer.models import MediaFile
from media_manager.importer.service import ImportService
from tests.importer.conftest import SHOW_FOLDER, tree, write
from tests.metadata.relay import PAST
from tests.tv.factories import create_show

EPISODES = 8
SIZE = 24 * 1024 * 1024


def wait_for_first_file(season: Path, child: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if season.is_dir() and any(p.suffix == ".mkv" for p in season.iterdir()):
            return
        if child.poll() is not None:
            raise AssertionError("the import finished before it could be killed")
        time.sleep(0.005)
    raise AssertionError("no file appeared in time")


def import_and_kill(settings: Settings, download_id: str, season: Path) -> int:
    """Start the import in a child process, SIGKILL it once the first file is there."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.importer.kill_child",
            settings.model_dump_json(),
            download_id,
        ],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_first_file(season, child)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    return child.returncode


async def test_sigkill_during_a_season_pack_then_rerun_completes_it(
    tmp_path: Path, migrated_databases
):
    url = await migrated_databases.create("sqlite", tmp_path / "kill.db")
    settings = Settings(
        data_dir=tmp_path / "data",
        database={"url": url},
        paths={"tv": tmp_path / "tv", "movies": tmp_path / "movies"},
        # Copies take long enough for the kill to land between files.
        importer={"placement": "copy", "min_free_mb": 0},
        server={"tune_gc": False},
    )
    pack = tmp_path / "downloads" / "Show.Name.S01.1080p.WEB-DL-PACK"
    for n in range(1, EPISODES + 1):
        write(pack / f"Show.Name.S01E{n:02}.1080p.WEB-DL-PACK.mkv", SIZE, os.urandom(4096))
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker() as session:
        show = await create_show(
            session, name="Show Name", year=2015, tmdb_id=1399, seasons={1: [PAST] * EPISODES}
        )
        now = datetime.now(UTC)
        download = Download(
            client="qbit",
            client_item_id="kill",
            protocol="torrent",
            title=pack.name,
            release={},
            status="completed",
            progress=1.0,
            kind="tv",
            show_id=show.id,
            grabbed_at=now,
            updated_at=now,
            progressed_at=now,
            completed_at=now,
            content_path=str(pack),
            local_path=str(pack),
        )
        session.add(download)
        await session.commit()

    season = settings.paths.tv / SHOW_FOLDER / "Season 01"
    returncode = await asyncio.to_thread(import_and_kill, settings, str(download.id), season)
    assert returncode == -signal.SIGKILL
    placed_before = [p for p in tree(settings.paths.tv) if p.endswith(".mkv")]
    assert 0 < len(placed_before) < EPISODES

    async with sessionmaker() as session:
        record = await ImportService(session, settings).import_download(download.id)
    assert record.outcome == "imported", record.reason

    names = tree(settings.paths.tv)
    assert len([n for n in names if n.endswith(".mkv")]) == EPISODES
    assert not [n for n in names if ".mm-part" in n]
    for n in range(1, EPISODES + 1):
        source = pack / f"Show.Name.S01E{n:02}.1080p.WEB-DL-PACK.mkv"
        target = season / f"Show Name - S01E{n:02} - Episode {n} [WEBDL-1080p].mkv"
        assert target.read_bytes() == source.read_bytes()
    async with sessionmaker() as session:
        count = (await session.execute(select(func.count()).select_from(MediaFile))).scalar_one()
    assert count == EPISODES
    await engine.dispose()
