"""A show as the download, import and automation pipeline sees it: its units are episodes."""

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import ClassVar

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.library.items import ItemAdapter, MediaItem, MediaKind, MediaUnit
from media_manager.library.service import LibraryKind
from media_manager.parsing import ReleaseInfo
from media_manager.tv.exceptions import EpisodeNotFound, ShowAlreadyExists, ShowNotFound
from media_manager.tv.models import Show
from media_manager.tv.repository import EpisodeRepository, ShowRepository

SPECIALS = 0


class ShowItems(ItemAdapter[Show, ShowRepository]):
    kind: ClassVar[MediaKind] = "tv"
    library_kind: ClassVar[LibraryKind] = "tv"
    images = "shows"
    noun = "show"
    unit_noun = "episode"
    not_found = ShowNotFound
    already_exists = ShowAlreadyExists
    unit_not_found = EpisodeNotFound
    repository_class = ShowRepository

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self.episodes = EpisodeRepository(session)

    @staticmethod
    def title(item: Show) -> str:
        return item.name

    @staticmethod
    def monitored(item: Show) -> bool:
        return item.monitor != "none"

    async def units(self, item_id: uuid.UUID) -> list[MediaUnit]:
        await self.get(item_id)  # a show without episodes is not an unknown show
        return await self.episodes.units(item_id)

    async def wanted_units(self, item_id: uuid.UUID, today: date) -> list[MediaUnit]:
        await self.get(item_id)
        return await self.episodes.wanted_units(item_id, today)

    async def mark_has_file(
        self, item_id: uuid.UUID, unit_ids: Sequence[uuid.UUID], has_file: bool = True
    ) -> None:
        await self.get(item_id)
        found = await self.episodes.ids_of_show(item_id, unit_ids)
        for unit_id in unit_ids:
            if unit_id not in found:
                raise self.unknown_unit(unit_id)
        await self.episodes.set_has_file(item_id, found, has_file)

    def matcher(
        self, item: MediaItem, units: Sequence[MediaUnit]
    ) -> Callable[[ReleaseInfo], list[MediaUnit]]:
        # Season and episode numbers, the common case, through an index: a 1,000-episode pack
        # or a library folder would otherwise scan every episode for every file.
        by_number: dict[tuple[int | None, int | None], list[tuple[int, MediaUnit]]] = {}
        for position, unit in enumerate(units):
            by_number.setdefault((unit.season, unit.episode), []).append((position, unit))

        def match(release: ReleaseInfo) -> list[MediaUnit]:
            if release.air_date is not None or not release.episodes:
                return self.match(item, units, release)
            # As `match`: the units of those seasons and episodes, in the units' order.
            found = {
                position: unit
                for season in release.seasons or (1,)
                for episode in release.episodes
                for position, unit in by_number.get((season, episode), ())
            }
            return [found[position] for position in sorted(found)]

        return match

    def match(
        self, item: MediaItem, units: Sequence[MediaUnit], release: ReleaseInfo
    ) -> list[MediaUnit]:
        if release.air_date is not None:
            # A daily show's release: "Show.2024.01.05". Two episodes that day: both.
            return [unit for unit in units if unit.air_date == release.air_date]
        if release.absolute_episodes and not release.episodes:
            # Anime counting from the show's first episode: the n-th regular episode.
            regular = [unit for unit in units if unit.season != SPECIALS]
            return [
                regular[number - 1]
                for number in release.absolute_episodes
                if 1 <= number <= len(regular)
            ]
        if release.episodes:
            # Without a season in the name ("Show - 05") the episode is of season 1.
            seasons = release.seasons or (1,)
            return [
                unit
                for unit in units
                if unit.season in seasons and unit.episode in release.episodes
            ]
        if release.seasons:
            return [unit for unit in units if unit.season in release.seasons]
        return []
