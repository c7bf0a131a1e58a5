"""Adding shows from metadata, keeping them up to date, and deciding what is monitored."""

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.core.schemas import Page, PageParams
from media_manager.library.item_service import DueItem, ItemService
from media_manager.metadata.schemas import (
    FailedSeason,
    MetadataProviderName,
    SearchResult,
    SeasonMetadata,
    ShowMetadata,
)
from media_manager.metadata.service import MetadataService
from media_manager.notifications.service import ItemRef, NotifyContext, notify
from media_manager.tv.exceptions import (
    EpisodeNotFound,
    SeasonNotFound,
    ShowNotFound,
)
from media_manager.tv.items import ShowItems
from media_manager.tv.models import Episode, Season, Show
from media_manager.tv.repository import ShowFilters
from media_manager.tv.schemas import (
    Monitor,
    ShowCreate,
    ShowDetail,
    ShowListItem,
    ShowSearchResult,
    ShowSort,
    ShowUpdate,
    SortOrder,
)

log = logging.getLogger(__name__)

SHOW_LIST_ITEMS = TypeAdapter(list[ShowListItem])

SPECIALS = 0
# The refresh job looks for due shows hourly: a little under an hour lets its next run retry
# failed seasons. Each further failure in a row doubles the wait, up to the normal interval.
FAILED_SEASON_RETRY = timedelta(minutes=50)
MAX_RETRY_DOUBLINGS = 8


# A notification lists this many new episodes by name, then says how many more there are.
LISTED_NEW_EPISODES = 20


@dataclass(frozen=True, slots=True)
class NewEpisodes:
    """The monitored episodes one refresh of a show found that it did not have before."""

    show_id: uuid.UUID
    show_name: str
    # (season, episode, title), in number order.
    episodes: tuple[tuple[int, int, str], ...]


async def notify_new_episodes(context: NotifyContext, found: NewEpisodes) -> None:
    """One "new_episode" notification per show and refresh, listing what was found."""
    listed = [
        f"S{season:02d}E{number:02d} {title}".rstrip()
        for season, number, title in found.episodes[:LISTED_NEW_EPISODES]
    ]
    more = len(found.episodes) - len(listed)
    if more:
        listed.append(f"and {more} more")
    count = len(found.episodes)
    noun = "episode" if count == 1 else "episodes"
    await notify(
        context,
        "new_episode",
        f"New {noun}: {found.show_name}",
        f"{count} new monitored {noun} of {found.show_name}: " + ", ".join(listed),
        item=ItemRef("show", found.show_id),
        # The same episodes found again (dropped by the provider and back) notify once.
        key=f"show:{found.show_id}:"
        + ",".join(f"{season}x{number}" for season, number, _ in found.episodes),
    )


def episode_monitored(
    monitor: str, season_number: int, air_date: date | None, has_file: bool, today: date
) -> bool:
    """Whether the show's monitor setting wants this episode; specials never by default."""
    if season_number == SPECIALS:
        return False
    if monitor == "all":
        return True
    if monitor == "future":
        return air_date is None or air_date > today
    if monitor == "missing":
        return not has_file
    return False


def season_monitored(monitor: str, season: Season) -> bool:
    # A season without episodes yet is announced, not finished: watch it unless told not to.
    if season.number == SPECIALS or monitor == "none":
        return False
    return not season.episodes or any(episode.monitored for episode in season.episodes)


class ShowService(ItemService[Show, ShowMetadata, ShowCreate]):
    def __init__(self, session: AsyncSession, settings: Settings, metadata: MetadataService):
        self.items: ShowItems = ShowItems(session)
        super().__init__(session, settings, metadata, self.items)
        self.shows = self.items.repository
        self.episodes = self.items.episodes
        # What the last refresh found, to notify once it is committed.
        self.new_episodes: NewEpisodes | None = None

    async def search(self, provider: MetadataProviderName, query: str) -> list[ShowSearchResult]:
        """Shows on the provider, each marked when it is in the library already."""
        return await self._mark(await self.metadata.search_shows(provider, query), provider)

    async def trending(self, provider: MetadataProviderName) -> list[ShowSearchResult]:
        """The provider's trending shows, each marked when it is in the library already."""
        return await self._mark(await self.metadata.trending_shows(provider), provider)

    async def _mark(
        self, results: list[SearchResult], provider: MetadataProviderName
    ) -> list[ShowSearchResult]:
        existing = await self.shows.find_existing(provider, (r.external_id for r in results))
        return [
            ShowSearchResult(
                **result.model_dump(),
                in_library=result.external_id in existing,
                show_id=existing.get(result.external_id),
            )
            for result in results
        ]

    async def get(self, show_id: uuid.UUID, *, with_episodes: bool = False) -> Show:
        show = await self.shows.get(show_id, with_episodes=with_episodes)
        if show is None:
            raise ShowNotFound(f"There is no show with id {show_id}")
        return show

    async def detail(self, show_id: uuid.UUID) -> ShowDetail:
        """The show with its seasons and their episodes, for reading."""
        detail = await self.shows.detail(show_id)
        if detail is None:
            raise ShowNotFound(f"There is no show with id {show_id}")
        return ShowDetail.model_validate(detail)

    async def _get_for_update(self, item_id: uuid.UUID) -> Show:
        return await self.get(item_id, with_episodes=True)

    async def season(self, show_id: uuid.UUID, number: int) -> Season:
        """One season of a show, with its episodes."""
        season = await self.shows.get_season(show_id, number)
        if season is None:
            show = await self.get(show_id)
            raise SeasonNotFound(f'"{show.name}" has no season {number}')
        return season

    async def fetch(
        self, provider: MetadataProviderName, external_id: int, *, fresh: bool = False
    ) -> ShowMetadata:
        return await self.metadata.show(provider, external_id, fresh=fresh)

    def _new(self, data: ShowCreate, metadata: ShowMetadata, now: datetime) -> Show:
        show = Show(
            metadata_provider=data.metadata_provider,
            external_id=metadata.external_id,
            library=data.library,
            quality_profile=data.quality_profile,
            monitor=data.monitor,
            added_at=now,
            last_refreshed_at=now,
            seasons=[],
            failed_seasons=[],
        )
        self._apply_show_fields(show, metadata)
        for season_data in metadata.seasons:
            show.seasons.append(self._new_season(season_data, data.monitor, now.date()))
        self._record_failed_seasons(show, metadata.failed_seasons, now)
        return show

    async def due_for_refresh(self) -> list[DueItem]:
        """Shows whose last refresh is older than the interval of their status (continuing
        daily, ended weekly by default), or whose failed seasons are to be retried."""
        scheduler = self.settings.scheduler
        now = datetime.now(UTC)
        due = await self.shows.due_for_refresh(
            now - timedelta(hours=scheduler.continuing_refresh_hours),
            now - timedelta(days=scheduler.ended_refresh_days),
            now,
        )
        return [DueItem(d.show_id, d.name, d.metadata_provider, d.external_id) for d in due]

    async def _update(self, show: Show, metadata: ShowMetadata) -> Show:
        now = datetime.now(UTC)
        today = now.date()
        found: list[tuple[int, Episode]] = []
        self._apply_show_fields(show, metadata)
        seasons = {season.number: season for season in show.seasons}
        # Seasons that did not answer stay exactly as they were; they are not gone.
        for failed in metadata.failed_seasons:
            seasons.pop(failed.number, None)
        for season_data in metadata.seasons:
            season = seasons.pop(season_data.number, None)
            if season is None:
                season = self._new_season(season_data, show.monitor, today)
                show.seasons.append(season)
                found.extend((season.number, episode) for episode in season.episodes)
                continue
            season.name = season_data.name
            season.overview = season_data.overview
            season.air_date = season_data.air_date
            # Episodes are matched by number, as release names (S01E05) and so files are: when
            # the provider renumbers, a row keeps its number and takes the new title.
            episodes = {episode.number: episode for episode in season.episodes}
            for episode_data in season_data.episodes:
                episode = episodes.pop(episode_data.number, None)
                if episode is None:
                    monitored = episode_monitored(
                        show.monitor, season.number, episode_data.air_date, False, today
                    )
                    episode = Episode(number=episode_data.number, monitored=monitored)
                    season.episodes.append(episode)
                    found.append((season.number, episode))
                episode.title = episode_data.title
                episode.overview = episode_data.overview
                episode.air_date = episode_data.air_date
            # Episodes the provider dropped go, unless a file of them is in the library (then
            # the row stays, with the last metadata it had).
            for gone in episodes.values():
                if not gone.has_file:
                    season.episodes.remove(gone)
        for gone_season in seasons.values():
            if not any(episode.has_file for episode in gone_season.episodes):
                show.seasons.remove(gone_season)
        # In number order, as when loaded: a season that answers again comes back in its place.
        show.seasons.sort(key=lambda season: season.number)
        for season in show.seasons:
            season.episodes.sort(key=lambda episode: episode.number)
        show.last_refreshed_at = now
        self._record_failed_seasons(show, metadata.failed_seasons, now)
        await self.shows.flush()
        self.new_episodes = self._new_episodes(show, found)
        return show

    @staticmethod
    def _new_episodes(show: Show, found: list[tuple[int, Episode]]) -> NewEpisodes | None:
        # Only what the show's monitor setting wants: "future" does not announce old episodes
        # the provider back-fills, "none" announces nothing, specials never.
        wanted = sorted(
            (season, episode.number, episode.title)
            for season, episode in found
            if episode.monitored
        )
        if not wanted:
            return None
        return NewEpisodes(show.id, show.name, tuple(wanted))

    async def after_refresh(self, context: NotifyContext) -> None:
        if self.new_episodes is not None:
            await notify_new_episodes(context, self.new_episodes)

    def _record_failed_seasons(
        self, show: Show, failures: list[FailedSeason], now: datetime
    ) -> None:
        """Remember the seasons that did not answer, and when to try the show again."""
        attempts_before = {entry["number"]: entry["attempts"] for entry in show.failed_seasons}
        show.failed_seasons = [
            {
                "number": failure.number,
                "reason": failure.reason,
                "attempts": attempts_before.get(failure.number, 0) + 1,
            }
            for failure in failures
        ]
        if not show.failed_seasons:
            show.retry_failed_seasons_at = None
            return
        attempts = max(entry["attempts"] for entry in show.failed_seasons)
        scheduler = self.settings.scheduler
        normal = (
            timedelta(days=scheduler.ended_refresh_days)
            if show.status == "ended"
            else timedelta(hours=scheduler.continuing_refresh_hours)
        )
        wait = FAILED_SEASON_RETRY * 2 ** min(attempts - 1, MAX_RETRY_DOUBLINGS)
        show.retry_failed_seasons_at = now + min(wait, normal)
        for entry in show.failed_seasons:
            log.warning(
                'Season %s of "%s" (%s %s) could not be fetched (attempt %s): %s. '
                "Its episodes are kept as they were; trying again after %s",
                entry["number"],
                show.name,
                show.metadata_provider,
                show.external_id,
                entry["attempts"],
                entry["reason"],
                show.retry_failed_seasons_at.isoformat(timespec="minutes"),
            )

    async def list_shows(
        self, filters: ShowFilters, sort: ShowSort, order: SortOrder, page: PageParams
    ) -> Page[ShowListItem]:
        """One page of the library with episode counts."""
        rows, total = await self.shows.page(
            filters, sort, order, page.offset, page.page_size, datetime.now(UTC).date()
        )
        items = SHOW_LIST_ITEMS.validate_python(rows)
        return Page(items=items, total=total, page=page.page, page_size=page.page_size)

    async def update(self, show: Show, data: ShowUpdate) -> Show:
        """Change library, quality profile or monitoring; a new monitor setting is re-applied."""
        await self._update_library_and_profile(show, data)
        if data.monitor is not None and data.monitor != show.monitor:
            show = await self.get(show.id, with_episodes=True)
            show.monitor = data.monitor
            self._apply_monitor(show, data.monitor)
        await self.shows.flush()
        return show

    async def set_season_monitored(
        self, show_id: uuid.UUID, number: int, monitored: bool
    ) -> Season:
        """Monitor or unmonitor a season and every episode in it."""
        season = await self.season(show_id, number)
        season.monitored = monitored
        for episode in season.episodes:
            episode.monitored = monitored
        await self.shows.flush()
        return season

    async def set_episode_monitored(
        self, show_id: uuid.UUID, episode_id: uuid.UUID, monitored: bool
    ) -> Episode:
        """Monitor or unmonitor one episode."""
        episode = await self.episodes.get(show_id, episode_id)
        if episode is None:
            raise EpisodeNotFound(f"The show has no episode with id {episode_id}")
        episode.monitored = monitored
        await self.shows.flush()
        return episode

    @staticmethod
    def _apply_show_fields(show: Show, metadata: ShowMetadata) -> None:
        show.tmdb_id = metadata.tmdb_id
        show.tvdb_id = metadata.tvdb_id
        show.imdb_id = metadata.imdb_id
        show.name = metadata.name
        show.overview = metadata.overview
        show.year = metadata.year
        show.status = metadata.status
        show.network = metadata.network
        show.genres = metadata.genres
        show.alternate_titles = metadata.alternate_titles
        show.original_language = metadata.original_language
        show.runtime = metadata.runtime
        show.poster_url = metadata.poster_url

    @staticmethod
    def _new_season(data: SeasonMetadata, monitor: str, today: date) -> Season:
        # Episode numbers are unique here: SeasonMetadata drops an episode listed twice.
        season = Season(
            number=data.number,
            name=data.name,
            overview=data.overview,
            air_date=data.air_date,
            episodes=[
                Episode(
                    number=episode.number,
                    title=episode.title,
                    overview=episode.overview,
                    air_date=episode.air_date,
                    has_file=False,
                    monitored=episode_monitored(
                        monitor, data.number, episode.air_date, False, today
                    ),
                )
                for episode in data.episodes
            ],
        )
        season.monitored = season_monitored(monitor, season)
        return season

    @staticmethod
    def _apply_monitor(show: Show, monitor: Monitor) -> None:
        today = datetime.now(UTC).date()
        for season in show.seasons:
            for episode in season.episodes:
                episode.monitored = episode_monitored(
                    monitor, season.number, episode.air_date, episode.has_file, today
                )
            season.monitored = season_monitored(monitor, season)
