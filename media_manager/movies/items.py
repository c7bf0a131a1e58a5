"""A movie as the download, import and automation pipeline sees it: its one unit is itself."""

import uuid
from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from media_manager.library.items import ItemAdapter, MediaItem, MediaKind, MediaUnit
from media_manager.library.service import LibraryKind
from media_manager.movies.exceptions import MovieAlreadyExists, MovieNotFound
from media_manager.movies.models import Movie
from media_manager.movies.repository import MovieRepository
from media_manager.parsing import ReleaseInfo
from media_manager.search.decisions import YEAR_TOLERANCE


class MovieItems(ItemAdapter[Movie, MovieRepository]):
    kind: ClassVar[MediaKind] = "movie"
    library_kind: ClassVar[LibraryKind] = "movies"
    images = "movies"
    noun = "movie"
    unit_noun = "unit"
    not_found = MovieNotFound
    already_exists = MovieAlreadyExists
    # A movie's only unit is the movie itself, so another id is another movie.
    unit_not_found = MovieNotFound
    repository_class = MovieRepository

    @staticmethod
    def title(item: Movie) -> str:
        return item.title

    @staticmethod
    def monitored(item: Movie) -> bool:
        return item.monitored

    async def units(self, item_id: uuid.UUID) -> list[MediaUnit]:
        unit = await self.repository.unit(item_id)
        if unit is None:
            raise MovieNotFound(f"There is no movie with id {item_id}")
        return [unit]

    async def wanted_units(self, item_id: uuid.UUID, today: date) -> list[MediaUnit]:
        await self.get(item_id)
        # A movie without a release date is not wanted yet: nothing says it is out.
        unit = await self.repository.unit(item_id, today)
        return [unit] if unit is not None else []

    async def mark_has_file(
        self, item_id: uuid.UUID, unit_ids: Sequence[uuid.UUID], has_file: bool = True
    ) -> None:
        await self.get(item_id)
        for unit_id in unit_ids:
            if unit_id != item_id:
                raise self.unknown_unit(unit_id)
        if unit_ids:
            await self.repository.set_has_file(item_id, has_file)

    def match(
        self, item: MediaItem, units: Sequence[MediaUnit], release: ReleaseInfo
    ) -> list[MediaUnit]:
        if release.seasons or release.episodes or release.air_date is not None:
            return []  # an episode's release that happens to share the movie's name
        if release.year and item.year and abs(release.year - item.year) > YEAR_TOLERANCE:
            # A remake or the original of the same name (a year one off is a regional date).
            return []
        return list(units)
