"""Importing 1,000 files by hardlink: files per second (goal: at least 500).

A complete-series pack (50 seasons x 20 episodes, one small file each plus a subtitle for every
tenth) is imported into a fresh SQLite database by the real import service, as the poll hook
does. Hardlinks cost the same whatever the file size, so the files are small.

    uv run python bench/import.py [--files N]
"""

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from media_manager.config import Settings
from media_manager.core import migrations
from media_manager.core.database import create_engine, create_sessionmaker
from media_manager.downloads.models import Download
from media_manager.importer.service import ImportService
from media_manager.tv.models import Episode, Season, Show

GOAL_FILES_PER_SECOND = 500
PER_SEASON = 20


async def run(files: int, folder: Path) -> float:
    url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    await asyncio.to_thread(migrations.upgrade, url)
    settings = Settings(
        data_dir=folder / "data",
        database={"url": url},
        paths={"tv": folder / "tv", "movies": folder / "movies"},
    )
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    seasons = (files + PER_SEASON - 1) // PER_SEASON
    now = datetime.now(UTC)
    pack = folder / "downloads" / "Bench.Show.COMPLETE.1080p.WEB-DL-GRP"
    pack.mkdir(parents=True)
    for n in range(files):
        season, episode = n // PER_SEASON + 1, n % PER_SEASON + 1
        name = f"Bench.Show.S{season:02}E{episode:02}.1080p.WEB-DL-GRP"
        (pack / f"{name}.mkv").write_bytes(name.encode() * 10)
        if n % 10 == 0:
            (pack / f"{name}.en.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nhi\n")
    async with sessionmaker() as session, session.begin():
        show = Show(
            id=uuid.uuid4(),
            metadata_provider="tmdb",
            external_id=4242,
            tmdb_id=4242,
            name="Bench Show",
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
                        for e in range(1, PER_SEASON + 1)
                    ],
                )
                for s in range(1, seasons + 1)
            ],
        )
        session.add(show)
        await session.flush()
        download = Download(
            id=uuid.uuid4(),
            client="qbit",
            client_item_id="bench",
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
    start = time.perf_counter()
    async with sessionmaker() as session:
        record = await ImportService(session, settings).import_download(download.id)
    elapsed = time.perf_counter() - start
    await engine.dispose()
    imported = sum(1 for f in record.files if f.outcome == "imported")
    if record.outcome != "imported" or imported != files:
        sys.exit(f"import went wrong: {record.outcome} {record.reason} ({imported} imported)")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        elapsed = asyncio.run(run(args.files, Path(folder)))
    rate = args.files / elapsed
    print(f"imported {args.files} files by hardlink in {elapsed:.2f} s: {rate:.0f} files/s")
    if rate < GOAL_FILES_PER_SECOND:
        sys.exit(f"below the goal of {GOAL_FILES_PER_SECOND} files/s")


if __name__ == "__main__":
    main()
