"""Scanning an existing library of 20,000 files and registering them in place (goal: < 10 s).

A TV library of N shows x 10 seasons x 10 episodes (default 200 shows: 20,000 empty video
files, one subtitle per tenth episode besides) is laid out as media servers name it, each show
folder carrying a `[tmdbid-N]` tag, so the scan suggests every show without a metadata lookup
and no network is measured. The shows are already in the database (as if added before), so the
bulk import finds each one and registers its files where they are. Both steps run through the
real service on a fresh SQLite database; the figures and the load average are printed.

    uv run python bench/library_import_scan.py [--shows N]
"""

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select

from media_manager.config import Settings
from media_manager.core import migrations
from media_manager.core.database import create_engine, create_sessionmaker
from media_manager.core.memory import tune_garbage_collection
from media_manager.importer.existing import ExistingLibraryService
from media_manager.importer.models import LibraryScanFolder, MediaFile
from media_manager.importer.schemas import ScanImportFolder, ScanImportRequest
from media_manager.tv.models import Episode, Season, Show

GOAL_SECONDS = 10.0
SEASONS = 10
EPISODES = 10


def lay_out(root: Path, shows: int) -> int:
    files = 0
    for n in range(1, shows + 1):
        title = f"Bench Show {n:04}"
        for season in range(1, SEASONS + 1):
            folder = root / f"{title} (2010) [tmdbid-{n}]" / f"Season {season:02}"
            folder.mkdir(parents=True)
            for episode in range(1, EPISODES + 1):
                stem = f"{title} - S{season:02}E{episode:02} - Episode {episode} [WEBDL-1080p]"
                (folder / f"{stem}.mkv").touch()
                files += 1
                if episode == 1:
                    (folder / f"{stem}.en.srt").touch()
    return files


async def run(shows: int, folder: Path) -> tuple[int, float, float]:
    url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    await asyncio.to_thread(migrations.upgrade, url)
    settings = Settings(
        data_dir=folder / "data",
        database={"url": url},
        paths={"tv": folder / "tv", "movies": folder / "movies"},
    )
    files = lay_out(folder / "tv", shows)
    (folder / "movies").mkdir()
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    now = datetime.now(UTC)
    async with sessionmaker() as session, session.begin():
        for n in range(1, shows + 1):
            session.add(
                Show(
                    id=uuid.uuid4(),
                    metadata_provider="tmdb",
                    external_id=n,
                    tmdb_id=n,
                    name=f"Bench Show {n:04}",
                    year=2010,
                    status="ended",
                    genres=[],
                    library="default",
                    quality_profile="default",
                    monitor="all",
                    added_at=now,
                    last_refreshed_at=now,
                    seasons=[
                        Season(
                            number=s,
                            name=f"Season {s}",
                            monitored=True,
                            episodes=[
                                Episode(
                                    number=e,
                                    title=f"Episode {e}",
                                    air_date=date(2010, 1, 1),
                                    monitored=True,
                                )
                                for e in range(1, EPISODES + 1)
                            ],
                        )
                        for s in range(1, SEASONS + 1)
                    ],
                )
            )

    # The scan and the import run as jobs inside the server, whose garbage collector is tuned
    # at start-up.
    tune_garbage_collection()
    start = time.perf_counter()
    async with sessionmaker() as session:
        found = await ExistingLibraryService(session, settings).scan()
        await session.commit()
    scanned = time.perf_counter() - start
    if found != shows:
        sys.exit(f"the scan found {found} folders, not {shows}")

    start = time.perf_counter()
    async with sessionmaker() as session:
        service = ExistingLibraryService(session, settings)
        ids = (await session.execute(select(LibraryScanFolder.id))).scalars().all()
        await service.queue_import(ScanImportRequest(folders=[ScanImportFolder(id=i) for i in ids]))
        await session.commit()
        added = await service.import_queued()
        await session.commit()
    registered = time.perf_counter() - start
    async with sessionmaker() as session:
        count = (await session.execute(select(func.count()).select_from(MediaFile))).scalar_one()
    await engine.dispose()
    if added != shows or count != files:
        sys.exit(f"registration went wrong: {added} shows, {count} of {files} files")
    return files, scanned, registered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files, scanned, registered = asyncio.run(run(args.shows, Path(folder)))
    total = scanned + registered
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"{files} files in {args.shows} show folders: scan {scanned:.2f} s, "
        f"registering in place {registered:.2f} s ({files / registered:.0f} files/s), "
        f"total {total:.2f} s; load average {load}"
    )
    if total >= GOAL_SECONDS:
        sys.exit(f"above the goal of {GOAL_SECONDS:.0f} s")


if __name__ == "__main__":
    main()
