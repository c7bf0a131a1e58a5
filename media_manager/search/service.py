"""Searching every indexer for what a show or movie needs, judging the results, keeping them."""

import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.core.database import end_transaction
from media_manager.indexer.schemas import IndexerResult, IndexerStatus, SearchQuery
from media_manager.indexer.service import IndexerService, PaceRules, without_credentials
from media_manager.movies.exceptions import MovieNotFound
from media_manager.profiles.schemas import ProfileRead, ScoringRuleRead
from media_manager.profiles.service import ProfileService, RuleService
from media_manager.search.decisions import (
    AbsoluteNumbering,
    Decision,
    DecisionEngine,
    Wanted,
    reads_absolute,
)
from media_manager.search.exceptions import SearchResultNotFound
from media_manager.search.models import SearchResult
from media_manager.search.repository import LibraryRepository, SearchResultRepository
from media_manager.search.schemas import SearchResultRead, TorrentSearchResponse
from media_manager.tv.exceptions import EpisodeNotFound, SeasonNotFound, ShowNotFound

log = logging.getLogger(__name__)

# SearchQuery refuses other spellings; a malformed id from a provider is left out of the search.
_IMDB_ID = re.compile(r"tt\d{5,10}")


@dataclass(frozen=True)
class SearchPlan:
    """A search for one season, episode or movie: the query, what is wanted, how to judge."""

    query: SearchQuery
    wanted: Wanted
    profile: ProfileRead
    scoring: list[ScoringRuleRead]
    # The columns of kept results that say what they were found for.
    target: dict[str, Any]
    regular_episodes: Callable[[], Awaitable[Sequence[tuple[int, int]]]] | None = None

    def for_numbers(
        self,
        season: int,
        episode: int | None,
        *,
        whole_season: bool,
        existing_quality: str | None = None,
        whole_seasons_wanted: frozenset[int] | None = None,
    ) -> "SearchPlan":
        """The same show's plan for another season or episode."""
        wanted = replace(
            self.wanted,
            season=season,
            episode=episode,
            whole_season=whole_season,
            existing_quality=existing_quality,
            whole_seasons_wanted=whole_seasons_wanted,
        )
        numbers = {"season_number": season, "episode_number": episode}
        return replace(self, wanted=wanted, target=self.target | numbers)


class SearchService:
    def __init__(self, session: AsyncSession, settings: Settings, indexers: IndexerService):
        self.session = session
        self.settings = settings
        self.indexers = indexers
        self.library = LibraryRepository(session)
        self.results = SearchResultRepository(session)
        self.profiles = ProfileService(session, settings)
        self.rules = RuleService(session, settings)

    async def search_show(
        self,
        show_id: uuid.UUID,
        season_number: int,
        episode_number: int | None,
        text: str | None,
        *,
        include_download_links: bool,
        pace: PaceRules | None = None,
        existing_quality: str | None = None,
        whole_seasons_wanted: frozenset[int] | None = None,
    ) -> TorrentSearchResponse:
        """Search for a season or one episode of a show and judge every result.

        `whole_seasons_wanted` (automatic searches): packs spanning seasons are accepted only
        when each of their seasons is among these.
        """
        plan = await self.show_plan(show_id, season_number, episode_number, text, existing_quality)
        if whole_seasons_wanted is not None:
            wanted = replace(plan.wanted, whole_seasons_wanted=whole_seasons_wanted)
            plan = replace(plan, wanted=wanted)
        return await self._search(plan, include_download_links, pace)

    async def search_movie(
        self,
        movie_id: uuid.UUID,
        text: str | None,
        *,
        include_download_links: bool,
        pace: PaceRules | None = None,
        existing_quality: str | None = None,
    ) -> TorrentSearchResponse:
        """Search for a movie and judge every result."""
        plan = await self.movie_plan(movie_id, text, existing_quality)
        return await self._search(plan, include_download_links, pace)

    async def present_quality_of_episode(
        self, show_id: uuid.UUID, season_number: int, episode_number: int
    ) -> str | None:
        """The quality of the episode's file, for judging upgrades (None without a file)."""
        return await self.library.present_quality(
            show_id=show_id, season=season_number, episode=episode_number
        )

    async def present_quality_of_movie(self, movie_id: uuid.UUID) -> str | None:
        """The quality of the movie's file, for judging upgrades (None without a file)."""
        return await self.library.present_quality(movie_id=movie_id)

    async def show_plan(
        self,
        show_id: uuid.UUID,
        season_number: int,
        episode_number: int | None,
        text: str | None = None,
        existing_quality: str | None = None,
    ) -> SearchPlan:
        """What a search for a season or an episode asks and how its results are judged."""
        show = await self.library.show(show_id)
        if show is None:
            raise ShowNotFound(f"There is no show with id {show_id}")
        season = await self.library.season(show_id, season_number)
        if season is None:
            raise SeasonNotFound(f'"{show.name}" has no season {season_number}')
        if episode_number is not None and episode_number not in {e.number for e in season.episodes}:
            raise EpisodeNotFound(
                f'"{show.name}" has no episode {episode_number} in season {season_number}'
            )
        profile = await self.profiles.resolve(show.quality_profile, "tv")
        scoring = await self.rules.rules_for("tv", show.library)
        wanted = Wanted(
            kind="tv",
            title=show.name,
            alternate_titles=_alternate_titles(show.alternate_titles, text),
            season=season_number,
            episode=episode_number,
            episode_counts=await self.library.episode_counts(show_id),
            air_dates=await self.library.air_dates(show_id),
            whole_season=episode_number is None and not any(e.has_file for e in season.episodes),
            existing_quality=existing_quality,
        )
        # Typed text replaces the ids too: an id search would find what the ids find first.
        query = SearchQuery(
            kind="tv",
            query=text or show.name,
            tvdb_id=None if text else show.tvdb_id,
            tmdb_id=None if text else show.tmdb_id,
            imdb_id=None if text else _imdb_id(show.imdb_id),
            season=season_number,
            episode=episode_number,
        )
        return SearchPlan(
            query,
            wanted,
            profile,
            scoring,
            {
                "kind": "tv",
                "show_id": show.id,
                "season_number": season_number,
                "episode_number": episode_number,
            },
            regular_episodes=lambda: self.library.regular_episodes(show_id),
        )

    async def show_plans(
        self, show_ids: Sequence[uuid.UUID], dated: Collection[uuid.UUID] | None = None
    ) -> dict[uuid.UUID, SearchPlan]:
        """Plans for several shows at once (their first regular season): feed items are judged
        for many shows, each plan then narrowed to a season or episode with `for_numbers`.

        `dated`: the shows whose air dates are read (those with releases named by date, as
        "Show.2024.01.05"); None: all of them.
        """
        shows = await self.library.shows(show_ids)
        counts = await self.library.episode_counts_of(show_ids)
        air_dates = await self.library.air_dates_of(
            show_ids if dated is None else [show_id for show_id in show_ids if show_id in dated]
        )
        profiles: dict[str, ProfileRead] = {}
        scorings: dict[str, list[ScoringRuleRead]] = {}
        plans = {}
        for show in shows:
            if show.quality_profile not in profiles:
                profiles[show.quality_profile] = await self.profiles.resolve(
                    show.quality_profile, "tv"
                )
            if show.library not in scorings:
                scorings[show.library] = await self.rules.rules_for("tv", show.library)
            wanted = Wanted(
                kind="tv",
                title=show.name,
                alternate_titles=tuple(show.alternate_titles),
                season=1,
                episode_counts=counts[show.id],
                air_dates=air_dates.get(show.id, {}),
            )
            query = SearchQuery(kind="tv", query=show.name, season=1)
            plans[show.id] = SearchPlan(
                query,
                wanted,
                profiles[show.quality_profile],
                scorings[show.library],
                {"kind": "tv", "show_id": show.id, "season_number": 1, "episode_number": None},
                regular_episodes=partial(self.library.regular_episodes, show.id),
            )
        return plans

    async def movie_plan(
        self, movie_id: uuid.UUID, text: str | None = None, existing_quality: str | None = None
    ) -> SearchPlan:
        """What a search for a movie asks and how its results are judged."""
        movie = await self.library.movie(movie_id)
        if movie is None:
            raise MovieNotFound(f"There is no movie with id {movie_id}")
        profile = await self.profiles.resolve(movie.quality_profile, "movies")
        scoring = await self.rules.rules_for("movies", movie.library)
        wanted = Wanted(
            kind="movie",
            title=movie.title,
            alternate_titles=_alternate_titles(movie.alternate_titles, text),
            year=movie.year,
            existing_quality=existing_quality,
        )
        default_text = f"{movie.title} {movie.year}" if movie.year else movie.title
        query = SearchQuery(
            kind="movie",
            query=text or default_text,
            tmdb_id=None if text else movie.tmdb_id,
            imdb_id=None if text else _imdb_id(movie.imdb_id),
        )
        return SearchPlan(query, wanted, profile, scoring, {"kind": "movie", "movie_id": movie.id})

    async def judge(
        self,
        plan: SearchPlan,
        results: Sequence[IndexerResult],
        indexers: Sequence[IndexerStatus] = (),
        *,
        include_download_links: bool = True,
    ) -> TorrentSearchResponse:
        """Judge results found elsewhere (a feed) as a search for the plan would, and keep them."""
        wanted = plan.wanted
        # Most searches find no anime-numbered release: the whole show is read only when one does.
        if plan.regular_episodes and any(reads_absolute(r.parsed) for r in results):
            numbering = AbsoluteNumbering(tuple(await plan.regular_episodes()))
            wanted = replace(wanted, absolute_numbering=numbering)
        decisions = DecisionEngine(plan.profile, plan.scoring).decide(results, wanted)
        now = datetime.now(UTC)
        expires_at = now + timedelta(hours=self.settings.search.results_ttl_hours)
        rows = [
            _row(plan.target, decision, position, now, expires_at)
            for position, decision in enumerate(decisions)
        ]
        await self.results.add_all(rows)
        log.info(
            "Search for %r: %d results, %d accepted (profile %s)",
            plan.query.query,
            len(rows),
            sum(row.accepted for row in rows),
            plan.profile.name,
        )
        return TorrentSearchResponse(
            profile=plan.profile.name,
            expires_at=expires_at,
            results=[
                _read(row.id, decision, include_download_links)
                for row, decision in zip(rows, decisions, strict=True)
            ],
            indexers=list(indexers),
        )

    async def kept_result(self, result_id: uuid.UUID) -> SearchResult:
        """A result of a recent search, for downloading it; expired ones are gone."""
        found = await self.results.get_unexpired(result_id, datetime.now(UTC))
        if found is None:
            hours = self.settings.search.results_ttl_hours
            raise SearchResultNotFound(
                f"There is no search result with id {result_id}; results are kept for "
                f"{hours:g} hours, search again"
            )
        return found

    async def _search(
        self, plan: SearchPlan, include_download_links: bool, pace: PaceRules | None
    ) -> TorrentSearchResponse:
        # The fan-out lasts as long as the slowest indexer's timeout; only reads happened so far.
        await end_transaction(self.session)
        response = await self.indexers.search(plan.query, include_download_links=True, pace=pace)
        return await self.judge(
            plan,
            response.results,
            response.indexers,
            include_download_links=include_download_links,
        )


def _row(
    target: dict[str, Any],
    decision: Decision,
    position: int,
    now: datetime,
    expires_at: datetime,
) -> SearchResult:
    result = decision.result
    return SearchResult(
        id=uuid.uuid4(),
        created_at=now,
        expires_at=expires_at,
        **target,
        position=position,
        indexer=result.indexer,
        title=result.title,
        protocol=result.protocol,
        download_url=result.download_url,
        magnet_url=result.magnet_url,
        info_hash=result.info_hash,
        size=result.size,
        seeders=result.seeders,
        flags=list(result.flags),
        quality=decision.quality.id,
        score=decision.score,
        score_details=list(decision.score_details),
        accepted=decision.accepted,
        reasons=list(decision.reasons),
        result=result.model_dump(mode="json", exclude={"age_hours"}),
    )


def _read(
    result_id: uuid.UUID, decision: Decision, include_download_links: bool
) -> SearchResultRead:
    result = decision.result if include_download_links else without_credentials(decision.result)
    return SearchResultRead(
        **result.model_dump(exclude={"age_hours"}),
        id=result_id,
        quality=decision.quality.id,
        quality_label=decision.quality.label,
        accepted=decision.accepted,
        reasons=list(decision.reasons),
        score=decision.score,
        score_details=list(decision.score_details),
    )


def _imdb_id(value: str | None) -> str | None:
    return value if value and _IMDB_ID.fullmatch(value) else None


def _alternate_titles(stored: list[str], text: str | None) -> tuple[str, ...]:
    # The provider's other names, and text typed by the user: the name releases use for it.
    return (*stored, text) if text else tuple(stored)
