"""Kept search results: found while fresh, removed by the purge job once expired."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from media_manager.config import Settings
from media_manager.indexer.service import IndexerService, IndexerState
from media_manager.search.exceptions import SearchResultNotFound
from media_manager.search.models import SearchResult
from media_manager.search.service import SearchService
from media_manager.search.tasks import purge_expired_results
from tests.tv.factories import create_show


async def kept(session: AsyncSession, show_id: uuid.UUID, expires_in: timedelta) -> SearchResult:
    now = datetime.now(UTC)
    row = SearchResult(
        created_at=now + expires_in - timedelta(hours=24),
        expires_at=now + expires_in,
        kind="tv",
        show_id=show_id,
        season_number=1,
        position=0,
        indexer="alpha",
        title="Show.Name.S01.1080p.WEB-DL.H.264-GRP",
        protocol="torrent",
        download_url="http://tracker.example/download/1.torrent?passkey=secret",
        flags=[],
        quality="web-1080p",
        score=0,
        score_details=[],
        accepted=True,
        reasons=[],
        result={},
    )
    session.add(row)
    await session.commit()
    return row


async def test_purge_removes_only_expired_results(
    connection: AsyncConnection, session: AsyncSession
):
    show = await create_show(session)
    expired = await kept(session, show.id, timedelta(minutes=-1))
    fresh = await kept(session, show.id, timedelta(hours=23))
    sessionmaker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )

    removed = await purge_expired_results(sessionmaker)

    left = (await session.execute(select(SearchResult.id))).scalars().all()
    assert removed == 1
    assert expired.id not in left and fresh.id in left


async def test_expired_result_cannot_be_used_for_a_download(
    session: AsyncSession, settings: Settings
):
    show = await create_show(session)
    expired = await kept(session, show.id, timedelta(minutes=-1))
    fresh = await kept(session, show.id, timedelta(hours=1))
    async with httpx.AsyncClient() as http:
        service = SearchService(
            session, settings, IndexerService(http, settings.indexer, IndexerState())
        )

        found = await service.kept_result(fresh.id)
        with pytest.raises(SearchResultNotFound, match="results are kept for 24 hours"):
            await service.kept_result(expired.id)

    assert found.download_url == fresh.download_url
