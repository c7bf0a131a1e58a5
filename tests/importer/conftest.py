"""Import tests: real files in throwaway folders, real hardlinks, both databases."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.downloads.models import Download
from media_manager.importer.models import DownloadImport, ImportRecord, MediaFile
from media_manager.importer.tasks import import_downloads
from tests.conftest import make_settings
from tests.downloads.factories import create_download
from tests.metadata.relay import (
    PAST,
    relay,  # noqa: F401  (the relay stand-in fixture)
)
from tests.movies.factories import create_movie
from tests.tv.factories import create_show

TMDB_ID = 1399
MOVIE_TMDB_ID = 603
SHOW_FOLDER = "Show Name (2015) [tmdbid-1399]"
MOVIE_FOLDER = "Movie Title (1999) [tmdbid-603]"
TORRENT_CLIENT = {"name": "qbit", "kind": "qbittorrent", "url": "http://127.0.0.1:9"}


def import_settings(tmp_path: Path, database_url: str, **importer: Any) -> Settings:
    return make_settings(
        tmp_path / "data",
        database_url,
        paths={"tv": tmp_path / "tv", "movies": tmp_path / "movies"},
        downloads={"clients": [TORRENT_CLIENT]},
        importer=importer,
    )


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return import_settings(tmp_path, database_url)


@pytest.fixture
def downloads_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


def write(path: Path, size: int = 2048, fill: bytes | None = None) -> Path:
    """A file of `size` bytes; distinct content per path unless `fill` is given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    seed = fill if fill is not None else path.name.encode()
    path.write_bytes((seed * (size // max(len(seed), 1) + 1))[:size])
    return path


@pytest.fixture
async def show(session: AsyncSession):
    return await create_show(
        session,
        name="Show Name",
        year=2015,
        tmdb_id=TMDB_ID,
        seasons={0: [PAST], 1: [PAST] * 3},
    )


@pytest.fixture
async def movie(session: AsyncSession):
    return await create_movie(session, title="Movie Title", year=1999, tmdb_id=MOVIE_TMDB_ID)


async def completed_download(session: AsyncSession, content: Path, **overrides: Any) -> Download:
    return await create_download(
        session,
        **{
            "status": "completed",
            "progress": 1.0,
            "content_path": str(content),
            "local_path": str(content),
            "completed_at": datetime.now(UTC),
            "title": content.name,
        }
        | overrides,
    )


@pytest.fixture
def run_import(app) -> Callable[[uuid.UUID], Any]:
    """Import downloads as the poll hook and the retry job do."""

    async def run(*download_ids: uuid.UUID) -> None:
        await import_downloads(app.state.sessionmaker, app.state.settings, download_ids)

    return run


async def files_of(session: AsyncSession, **owner: uuid.UUID) -> list[MediaFile]:
    column, value = next(iter(owner.items()))
    query = select(MediaFile).where(getattr(MediaFile, column) == value).order_by(MediaFile.path)
    return list((await session.execute(query.execution_options(populate_existing=True))).scalars())


async def state_of(session: AsyncSession, download_id: uuid.UUID) -> DownloadImport | None:
    return await session.get(DownloadImport, download_id, populate_existing=True)


async def records_of(session: AsyncSession, download_id: uuid.UUID) -> list[ImportRecord]:
    query = select(ImportRecord).where(ImportRecord.download_id == download_id)
    return list((await session.execute(query.execution_options(populate_existing=True))).scalars())


def tree(root: Path) -> list[str]:
    """Every file under root, relative, sorted (hidden ones too)."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if not p.is_dir())
