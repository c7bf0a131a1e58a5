"""The pipeline's one way to shows and movies: the adapter of each kind, chosen by kind."""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.library.items import ItemAdapter, MediaItem, MediaKind, MediaTarget, MediaUnit
from media_manager.movies.items import MovieItems
from media_manager.parsing import ReleaseInfo
from media_manager.tv.items import ShowItems

ADAPTERS: dict[MediaKind, type[ItemAdapter]] = {"tv": ShowItems, "movie": MovieItems}  # type: ignore[type-arg]


class MediaItems:
    """Shows and movies alike, for grabbing, importing and automation."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._adapters: dict[MediaKind, ItemAdapter] = {}  # type: ignore[type-arg]

    def adapter(self, kind: MediaKind) -> ItemAdapter:  # type: ignore[type-arg]
        if kind not in self._adapters:
            self._adapters[kind] = ADAPTERS[kind](self.session)
        return self._adapters[kind]

    async def load(self, target: MediaTarget) -> MediaItem:
        """The target's item, or the kind's not-found error."""
        return await self.adapter(target.kind).load(target.item_id)

    async def units(self, target: MediaTarget, today: date) -> list[MediaUnit]:
        """The units the target names, or the wanted units of its item when it names none."""
        return await self.adapter(target.kind).units_of(target, today)

    async def mark_has_file(self, target: MediaTarget, has_file: bool = True) -> None:
        """Record that files of the target's units are (or are no longer) in the library.

        Only the units named: a target without unit ids changes nothing here.
        """
        await self.adapter(target.kind).mark_has_file(target.item_id, target.unit_ids, has_file)

    async def matching(self, target: MediaTarget, release: ReleaseInfo) -> list[MediaUnit]:
        """The units of the target's item that a parsed release or file name holds."""
        return await self.adapter(target.kind).matching_units(target.item_id, release)
