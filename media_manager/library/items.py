"""What grabbing, importing and automation need from a show or a movie, whichever it is.

The pipeline works on media items (a show, a movie) and their units: what one file fills, an
episode of a show or the movie itself. Everything that differs between the kinds sits in one
adapter per kind (`tv/items.py`, `movies/items.py`); `library/media.py` picks the adapter for a
kind, so code above it never asks which kind it holds.
"""

import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar, Generic, Literal, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.core.errors import Conflict, NotFound
from media_manager.images.schemas import ImageKind
from media_manager.library.paths import folder_for, library_root
from media_manager.library.repository import Item, LibraryItemRepository
from media_manager.library.service import LibraryKind
from media_manager.parsing import ReleaseInfo, titles_match

MediaKind = Literal["tv", "movie"]


def item_columns(kind: MediaKind, item_id: uuid.UUID) -> dict[str, uuid.UUID | None]:
    """The show_id/movie_id pair of a row that belongs to one show or one movie."""
    return {
        "show_id": item_id if kind == "tv" else None,
        "movie_id": item_id if kind == "movie" else None,
    }


RepositoryT = TypeVar("RepositoryT", bound=LibraryItemRepository)  # type: ignore[type-arg]


@dataclass(frozen=True)
class MediaTarget:
    """What a grab or an import is for: some units of one item, or (no ids) its wanted ones."""

    kind: MediaKind
    item_id: uuid.UUID
    unit_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class MediaItem:
    """The facts about a show or movie that naming, searching and filing need."""

    kind: MediaKind
    library_kind: LibraryKind
    id: uuid.UUID
    title: str
    year: int | None
    tmdb_id: int | None
    tvdb_id: int | None
    imdb_id: str | None
    alternate_titles: tuple[str, ...]
    library: str
    quality_profile: str
    monitored: bool

    def library_root(self, settings: Settings) -> Path:
        """The folder of the item's library; UnknownLibrary when it is no longer configured."""
        return library_root(settings, self.library_kind, self.library)

    def folder(self, settings: Settings) -> Path:
        """The item's own folder inside its library, where its files are filed."""
        return folder_for(settings, self.library_kind, self.library, self.title, self.year)

    def is_named_by(self, release: ReleaseInfo) -> bool:
        """Whether a parsed release name names this item (by its title or another name)."""
        return titles_match(release, self.title, self.alternate_titles)


@dataclass(frozen=True)
class MediaUnit:
    """What one file fills: an episode of a show (with its numbers), or a movie itself."""

    id: uuid.UUID
    item_id: uuid.UUID
    season: int | None
    episode: int | None
    title: str
    # An episode's air date or a movie's release date.
    air_date: date | None
    monitored: bool
    has_file: bool


class ItemAdapter(ABC, Generic[Item, RepositoryT]):
    """One kind of media item as the pipeline sees it; one subclass per kind, per session."""

    kind: ClassVar[MediaKind]
    library_kind: ClassVar[LibraryKind]
    # The folder of the item's poster images (see images/service.py).
    images: ClassVar[ImageKind]
    # How messages name one item: "show", "movie".
    noun: ClassVar[str]
    not_found: ClassVar[type[NotFound]]
    already_exists: ClassVar[type[Conflict]]
    # How messages name one unit ("episode"), and the error for an id that is not the item's.
    unit_noun: ClassVar[str]
    unit_not_found: ClassVar[type[NotFound]]
    repository_class: ClassVar[type[LibraryItemRepository]]  # type: ignore[type-arg]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repository: RepositoryT = self.repository_class(session)  # type: ignore[assignment]

    async def get(self, item_id: uuid.UUID) -> Item:
        """The stored item, or the kind's not-found error."""
        item = await self.repository.get(item_id)
        if item is None:
            raise self.not_found(f"There is no {self.noun} with id {item_id}")
        return item  # type: ignore[no-any-return]

    async def load(self, item_id: uuid.UUID) -> MediaItem:
        """The item's facts, or the kind's not-found error."""
        return self.describe(await self.get(item_id))

    def describe(self, item: Item) -> MediaItem:
        return MediaItem(
            kind=self.kind,
            library_kind=self.library_kind,
            id=item.id,
            title=self.title(item),
            year=item.year,
            tmdb_id=item.tmdb_id,
            tvdb_id=item.tvdb_id,
            imdb_id=item.imdb_id,
            alternate_titles=tuple(item.alternate_titles),
            library=item.library,
            quality_profile=item.quality_profile,
            monitored=self.monitored(item),
        )

    async def units_of(self, target: MediaTarget, today: date) -> list[MediaUnit]:
        """The units a target names, or its item's wanted units when it names none."""
        if not target.unit_ids:
            return await self.wanted_units(target.item_id, today)
        units = {unit.id: unit for unit in await self.units(target.item_id)}
        for unit_id in target.unit_ids:
            if unit_id not in units:
                raise self.unknown_unit(unit_id)
        return [units[unit_id] for unit_id in dict.fromkeys(target.unit_ids)]

    async def matching_units(self, item_id: uuid.UUID, release: ReleaseInfo) -> list[MediaUnit]:
        """The item's units a parsed release (or file name) holds; none when it names another."""
        item = await self.load(item_id)
        if not item.is_named_by(release):
            return []
        return self.match(item, await self.units(item_id), release)

    def unknown_unit(self, unit_id: uuid.UUID) -> NotFound:
        return self.unit_not_found(f"The {self.noun} has no {self.unit_noun} with id {unit_id}")

    @staticmethod
    @abstractmethod
    def title(item: Item) -> str: ...

    @staticmethod
    @abstractmethod
    def monitored(item: Item) -> bool:
        """Whether anything of the item is to be grabbed automatically."""

    @abstractmethod
    async def units(self, item_id: uuid.UUID) -> list[MediaUnit]:
        """Every unit of the item, in order; the kind's not-found error for an unknown item."""

    @abstractmethod
    async def wanted_units(self, item_id: uuid.UUID, today: date) -> list[MediaUnit]:
        """The units to grab: monitored, out by `today` and without a file in the library."""

    @abstractmethod
    async def mark_has_file(
        self, item_id: uuid.UUID, unit_ids: Sequence[uuid.UUID], has_file: bool = True
    ) -> None:
        """Record that files of these units are (or are no longer) in the library."""

    @abstractmethod
    def match(
        self, item: MediaItem, units: Sequence[MediaUnit], release: ReleaseInfo
    ) -> list[MediaUnit]:
        """Of the item's units, those a release naming the item holds, by numbers or year."""

    def matcher(
        self, item: MediaItem, units: Sequence[MediaUnit]
    ) -> Callable[[ReleaseInfo], list[MediaUnit]]:
        """`match` for many releases (the files of one download or folder) against one list
        of units; a kind may index the units once instead of scanning them per file."""
        return lambda release: self.match(item, units, release)
