"""Shows and movies for item-pages.spec.ts, some with a badly named file in their library.

The files are real files on disk, registered where they are the way the existing-library import
registers them, so that a rename or a delete acts on them. Prints the library folders as JSON.
"""

import asyncio
import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

import media_manager.models  # noqa: F401  (every table, for the foreign keys)
from media_manager.config import load_settings
from media_manager.core.database import create_engine, create_sessionmaker
from media_manager.importer.existing import ExistingLibraryService
from media_manager.tv.models import Show
from tests.movies.factories import create_movie
from tests.tv.factories import create_show

# (title, year, the folder in the library, the file in it); no folder: no file. "Title (Year)"
# is the folder a delete with files removes.
SHOWS = [
    ("Rename Chronicles", 2015, "Rename Chronicles", "Rename.Chronicles.S01E01.1080p.WEB-DL.mkv"),
    ("Edit Me Show", 2016, None, None),
    ("Kept Files Show", 2017, "Kept Files Show (2017)", "Kept.Files.Show.S01E01.720p.HDTV.mkv"),
    ("Clash Show", 2018, "Clash Show", "Clash.Show.S01E01.720p.HDTV.mkv"),
]
# Another file already lies where this show's file is to be renamed to.
CLASH = "Clash Show"
MOVIES = [
    ("Rename Movie", 2010, "Rename Movie", "Rename.Movie.2010.1080p.BluRay.mkv"),
    ("Doomed Movie", 2012, "Doomed Movie (2012)", "Doomed.Movie.2012.720p.BluRay.mkv"),
    # A long name without spaces, which must still fit a phone's width.
    (
        "Phone Movie",
        2014,
        "Phone Movie",
        "Phone.Movie.2014.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-LONGGROUPNAME.mkv",
    ),
]


async def main() -> None:
    settings = load_settings()
    tv, movies = settings.paths.tv, settings.paths.movies
    assert tv is not None and movies is not None  # filled in by Settings
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            # Seeded once per server: a spec file started again finds them there already.
            if not (await session.execute(select(Show.id).where(Show.name == SHOWS[0][0]))).first():
                await seed(ExistingLibraryService(session, settings), tv, movies)
                await session.commit()
    finally:
        await engine.dispose()
    print(json.dumps({"tv": str(tv), "movies": str(movies)}))


async def seed(service: ExistingLibraryService, tv: Path, movies: Path) -> None:
    session = service.session
    # Ids of their own: the factories count from the same start in every process.
    for number, (title, year, folder, file) in enumerate(SHOWS, start=800_000):
        show = await create_show(
            session,
            name=title,
            year=year,
            seasons={1: [date(year, 1, 5)]},
            external_id=number,
            tmdb_id=number,
        )
        if folder and file:
            (tv / folder).mkdir(parents=True, exist_ok=True)
            (tv / folder / file).write_bytes(b"\0" * 4096)
            await service.register("tv", show.id, "default", folder)
        if title == CLASH:
            (plan,) = await service.rename_preview("tv", show.id)
            (tv / plan.new_path).parent.mkdir(parents=True, exist_ok=True)
            (tv / plan.new_path).write_bytes(b"someone else's file")
    for number, (title, year, folder, file) in enumerate(MOVIES, start=810_000):
        movie = await create_movie(
            session, title=title, year=year, external_id=number, tmdb_id=number
        )
        if folder and file:
            (movies / folder).mkdir(parents=True, exist_ok=True)
            (movies / folder / file).write_bytes(b"\0" * 4096)
            await service.register("movie", movie.id, "default", folder)


asyncio.run(main())
