"""Fills the browser tests' database with shows and movies (run by global-setup.ts).

Seeded straight into the database with the Python tests' factories: adding through the API
would need the metadata relay, which is not what these tests are about.
"""

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

import media_manager.models  # noqa: F401  (every table, for the foreign keys of downloads)
from media_manager.config import load_settings
from media_manager.core.database import create_engine, create_sessionmaker
from media_manager.importer.models import DownloadImport
from tests.downloads.factories import create_download
from tests.movies.factories import create_movie
from tests.tv.factories import create_show

SHOWS = 45  # more than one page of 30
MOVIES = 3


async def main() -> None:
    settings = load_settings()
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            for number in range(SHOWS):
                await create_show(session, name=f"Seeded Show {number:02d}")
            needle = await create_show(session, name="Needle in a Haystack", episodes_with_file=1)
            # A download in progress, as the client poller would have recorded it.
            await create_download(
                session,
                title="Needle.in.a.Haystack.S01.1080p.WEB-DL.H.264-SEED",
                client="seedbox",
                status="downloading",
                progress=0.42,
                size=1_500_000_000,
                downloaded=630_000_000,
                download_speed=2 * 1024 * 1024,
                eta_seconds=3 * 3600 + 5 * 60,
                show_id=needle.id,
                season_number=1,
            )
            await seed_blocked_import(session, settings.data_dir)
            for number in range(MOVIES):
                await create_movie(session, title=f"Seeded Movie {number}", has_file=number == 0)
            # The factories flush (and may begin again) themselves: one commit at the end.
            await session.commit()
    finally:
        await engine.dispose()


async def seed_blocked_import(session: AsyncSession, data_dir: Path) -> None:
    """A completed download whose import is blocked: one file matches, one does not."""
    show = await create_show(
        session, name="Blocked Import Show", seasons={1: [date(2015, 1, 5), date(2015, 1, 12)]}
    )
    folder = data_dir / "e2e-downloads" / "Blocked.Import.Show.S01.1080p.WEB-DL-GRP"
    folder.mkdir(parents=True, exist_ok=True)
    # Equal sizes, so that neither counts as a sample of the other.
    for name in ("Blocked.Import.Show.S01E01.1080p.WEB-DL-GRP.mkv", "unnamed-video.mkv"):
        (folder / name).write_bytes(b"\0" * 4096)
    download = await create_download(
        session,
        title=folder.name,
        client="seedbox",
        status="completed",
        progress=1.0,
        size=8192,
        local_path=str(folder),
        content_path=str(folder),
        show_id=show.id,
        season_number=1,
        completed_at=datetime.now(UTC),
    )
    session.add(
        DownloadImport(
            download_id=download.id,
            status="blocked",
            reason="unnamed-video.mkv matches no episode",
            attempts=1,
            updated_at=datetime.now(UTC),
        )
    )


asyncio.run(main())
