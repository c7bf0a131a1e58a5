"""Every query of a search: what the library knows about the wanted item, and kept results."""

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from media_manager.importer.models import MediaFile, media_file_episodes
from media_manager.movies.models import Movie
from media_manager.search.models import SearchResult
from media_manager.tv.models import Episode, Season, Show


class LibraryRepository:
    """Read-only look-ups of shows and movies, for building searches."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def show(self, show_id: uuid.UUID) -> Show | None:
        return await self.session.get(Show, show_id)

    async def movie(self, movie_id: uuid.UUID) -> Movie | None:
        return await self.session.get(Movie, movie_id)

    async def present_quality(
        self,
        *,
        movie_id: uuid.UUID | None = None,
        show_id: uuid.UUID | None = None,
        season: int | None = None,
        episode: int | None = None,
    ) -> str | None:
        """The quality of the newest main-version file of a movie or of one episode."""
        query = select(MediaFile.quality).where(MediaFile.version_tag == "")
        if movie_id is not None:
            query = query.where(MediaFile.movie_id == movie_id)
        else:
            query = (
                query.join(media_file_episodes, media_file_episodes.c.media_file_id == MediaFile.id)
                .join(Episode, Episode.id == media_file_episodes.c.episode_id)
                .join(Season, Season.id == Episode.season_id)
                .where(Season.show_id == show_id, Season.number == season)
                .where(Episode.number == episode)
            )
        query = query.order_by(MediaFile.added_at.desc(), MediaFile.id.desc()).limit(1)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def shows(self, show_ids: Sequence[uuid.UUID]) -> list[Show]:
        return list(
            (await self.session.execute(select(Show).where(Show.id.in_(show_ids)))).scalars()
        )

    async def episode_counts_of(
        self, show_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, dict[int, int]]:
        """episode_counts of several shows in one query."""
        query = (
            select(Season.show_id, Season.number, func.count(Episode.id))
            .join(Episode, Episode.season_id == Season.id)
            .where(Season.show_id.in_(show_ids))
            .group_by(Season.show_id, Season.number)
        )
        found: dict[uuid.UUID, dict[int, int]] = {show_id: {} for show_id in show_ids}
        for show_id, number, count in await self.session.execute(query):
            found[show_id][number] = count
        return found

    async def air_dates_of(
        self, show_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, dict[date, tuple[int, int]]]:
        """air_dates of several shows in one query."""
        # Episodes without an air date are skipped here, not in SQL: "air_date IS NOT NULL"
        # leads SQLite to the air-date index and through every episode of the library.
        query = (
            select(Season.show_id, Episode.air_date, Season.number, Episode.number)
            .join(Season, Season.id == Episode.season_id)
            .where(Season.show_id.in_(show_ids))
            .order_by(Season.number.desc(), Episode.number.desc())
        )
        found: dict[uuid.UUID, dict[date, tuple[int, int]]] = {show_id: {} for show_id in show_ids}
        for show_id, aired, season, number in await self.session.execute(query):
            if aired is not None:
                found[show_id][aired] = (season, number)
        return found

    async def season(self, show_id: uuid.UUID, number: int) -> Season | None:
        query = (
            select(Season)
            .where(Season.show_id == show_id, Season.number == number)
            .options(selectinload(Season.episodes))
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def episode_counts(self, show_id: uuid.UUID) -> dict[int, int]:
        """Season number -> how many episodes the library lists for it."""
        query = (
            select(Season.number, func.count(Episode.id))
            .join(Episode, Episode.season_id == Season.id)
            .where(Season.show_id == show_id)
            .group_by(Season.number)
        )
        return {number: count for number, count in await self.session.execute(query)}

    async def air_dates(self, show_id: uuid.UUID) -> dict[date, tuple[int, int]]:
        """Air date -> (season, episode) of the show's episodes that have one."""
        query = (
            select(Episode.air_date, Season.number, Episode.number)
            .join(Season, Season.id == Episode.season_id)
            .where(Season.show_id == show_id, Episode.air_date.is_not(None))
            .order_by(Season.number.desc(), Episode.number.desc())
        )
        # Several episodes on one day (a double episode): the first one wins.
        return {
            aired: (season, number) for aired, season, number in await self.session.execute(query)
        }

    async def regular_episodes(self, show_id: uuid.UUID) -> list[tuple[int, int]]:
        """(season, episode) of every episode outside the specials, in airing order."""
        return (await self.regular_episodes_of([show_id]))[show_id]

    async def regular_episodes_of(
        self, show_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, list[tuple[int, int]]]:
        """regular_episodes() of several shows in one query."""
        found: dict[uuid.UUID, list[tuple[int, int]]] = {show_id: [] for show_id in show_ids}
        if not show_ids:
            return found
        query = (
            select(Season.show_id, Season.number, Episode.number)
            .join(Episode, Episode.season_id == Season.id)
            .where(Season.show_id.in_(show_ids), Season.number >= 1)
            .order_by(Season.show_id, Season.number, Episode.number)
        )
        for show_id, season, episode in await self.session.execute(query):
            found[show_id].append((season, episode))
        return found


class SearchResultRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_all(self, results: Sequence[SearchResult]) -> None:
        self.session.add_all(results)
        await self.session.flush()

    async def get_unexpired(self, result_id: uuid.UUID, now: datetime) -> SearchResult | None:
        query = select(SearchResult).where(
            SearchResult.id == result_id, SearchResult.expires_at > now
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def delete_expired(self, now: datetime) -> int:
        result = await self.session.execute(
            delete(SearchResult).where(SearchResult.expires_at <= now)
        )
        return result.rowcount  # type: ignore[attr-defined]
