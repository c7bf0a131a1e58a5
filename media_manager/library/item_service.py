"""Adding, refreshing and deleting shows and movies: one implementation, told the kind by its
adapter; what only one kind has (seasons, a monitor setting) stays in its own service."""

import asyncio
import logging
import shutil
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.core.database import end_transaction
from media_manager.images.service import PosterService, poster_folder
from media_manager.library.exceptions import UnknownLibrary
from media_manager.library.items import ItemAdapter
from media_manager.library.paths import FolderRemoval, check_inside, folder_for, library_root
from media_manager.library.repository import Item
from media_manager.library.service import check_library
from media_manager.metadata.schemas import MetadataProviderName
from media_manager.metadata.service import MetadataService
from media_manager.notifications.service import NotifyContext
from media_manager.profiles.service import ProfileService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueItem:
    """An item the refresh job is to refresh."""

    item_id: uuid.UUID
    title: str
    metadata_provider: MetadataProviderName
    external_id: int


class ItemMetadata(Protocol):
    external_id: int
    tmdb_id: int | None
    tvdb_id: int | None


class ItemCreate(Protocol):
    metadata_provider: MetadataProviderName
    external_id: int
    library: str
    quality_profile: str


class ItemUpdate(Protocol):
    library: str | None
    quality_profile: str | None


MetadataT = TypeVar("MetadataT", bound=ItemMetadata)
CreateT = TypeVar("CreateT", bound=ItemCreate)


class ItemService(ABC, Generic[Item, MetadataT, CreateT]):
    def __init__(
        self,
        session: AsyncSession,
        settings: Settings,
        metadata: MetadataService,
        items: ItemAdapter,  # type: ignore[type-arg]
    ) -> None:
        self.session = session
        self.settings = settings
        self.metadata = metadata
        self.profiles = ProfileService(session, settings)
        self.items = items

    @abstractmethod
    async def fetch(
        self, provider: MetadataProviderName, external_id: int, *, fresh: bool = False
    ) -> MetadataT:
        """The item's metadata from the relay; slow, so call it outside any transaction."""

    @abstractmethod
    def _new(self, data: CreateT, metadata: MetadataT, now: datetime) -> Item:
        """A new item from what was asked for and what the provider says."""

    @abstractmethod
    async def _update(self, item: Item, metadata: MetadataT) -> Item:
        """Bring a stored item up to date with fresh metadata, and flush."""

    @abstractmethod
    async def due_for_refresh(self) -> list[DueItem]:
        """The items the refresh job is to refresh now, longest ago first."""

    async def get(self, item_id: uuid.UUID) -> Item:
        return await self.items.get(item_id)  # type: ignore[no-any-return]

    async def _get_for_update(self, item_id: uuid.UUID) -> Item:
        return await self.get(item_id)

    async def add(self, data: CreateT) -> Item:
        """Look the item up on its provider and store it."""
        items = self.items
        check_library(self.settings, items.library_kind, data.library)
        await self.profiles.check_assignable(data.quality_profile)
        if await items.repository.find_existing(data.metadata_provider, [data.external_id]):
            raise items.already_exists(f"This {items.noun} is already in the library")
        await end_transaction(self.session)  # the relay may take seconds
        metadata = await self.fetch(data.metadata_provider, data.external_id)
        same = await items.repository.find_same(metadata.tmdb_id, metadata.tvdb_id)
        if same is not None:
            raise items.already_exists(f'"{items.title(same)}" is already in the library')
        item = self._new(data, metadata, datetime.now(UTC))
        # Two requests adding the same item at once: the unique constraint decides.
        conflict = items.already_exists(f'"{items.title(item)}" is already in the library')
        await items.repository.add(item, conflict)
        return item

    async def refresh(self, item_id: uuid.UUID) -> Item:
        """Fetch the item's metadata again and update it."""
        item = await self.get(item_id)
        provider, external_id = item.metadata_provider, item.external_id
        await end_transaction(self.session)  # the relay may take seconds
        metadata = await self.fetch(provider, external_id, fresh=True)
        return await self.refresh_from(item_id, metadata)

    async def refresh_from(self, item_id: uuid.UUID, metadata: MetadataT) -> Item:
        """Update the item from metadata fetched beforehand, outside any transaction."""
        return await self._update(await self._get_for_update(item_id), metadata)

    async def after_refresh(self, context: NotifyContext) -> None:
        """Tell what the committed refresh found (shows: new episodes); call it outside any
        transaction. Nothing by default."""

    async def _update_library_and_profile(self, item: Item, data: ItemUpdate) -> None:
        if data.library is not None:
            item.library = check_library(self.settings, self.items.library_kind, data.library)
        if data.quality_profile is not None:
            await self.profiles.check_assignable(data.quality_profile)
            item.quality_profile = data.quality_profile

    async def delete(self, item: Item, *, delete_files: bool = False) -> FolderRemoval:
        """Remove the item (and what belongs to it); what to remove on disk once committed.

        That is always its poster images, and with `delete_files` its folder in the library,
        which must lie inside the library folder (checked now and again when removing).
        """
        items = self.items
        title = items.title(item)
        removal = FolderRemoval(f'the {items.noun} "{title}"')
        if delete_files:
            for root, folder in await self._folders_on_disk(item, title):
                await asyncio.to_thread(check_inside, root, folder)
                removal.folders.append((root, folder))
        images = self.settings.paths.images
        assert images is not None  # filled in by Settings
        removal.folders.append((images, poster_folder(images, items.images, item.id)))
        await items.repository.delete(item)
        return removal

    async def _folders_on_disk(self, item: Item, title: str) -> list[tuple[Path, Path]]:
        """The item's folders in its libraries: `Title (Year)` and the top folder of every file
        registered to it (imports name folders by template, existing libraries by anything), but
        never a folder that holds another item's files too."""
        # Imported here: the importer builds on this package, not the other way round.
        from media_manager.importer.repository import MediaFileRepository

        items = self.items
        kind = items.kind
        files = MediaFileRepository(self.session)
        named = folder_for(self.settings, items.library_kind, item.library, title, item.year)
        folders = {(item.library, named.name)}
        for library, path in await files.located_paths_of_item(kind, item.id):
            parts = PurePosixPath(path).parts
            if len(parts) > 1:
                folders.add((library, parts[0]))
        found = []
        for library, name in sorted(folders):
            if await files.folder_taken(kind, library, name, item.id):
                log.warning("Keeping %s in library %s: other items have files in it", name, library)
                continue
            try:
                root = library_root(self.settings, items.library_kind, library)
            except UnknownLibrary:
                log.warning("Keeping %s: its library %s is no longer configured", name, library)
                continue
            found.append((root, root / name))
        return found

    async def store_poster(self, item_id: uuid.UUID, url: str, posters: PosterService) -> None:
        """Download the item's poster and record where it came from."""
        kind = self.items.images
        await posters.download(kind, item_id, url)
        if not await self.items.repository.set_poster_source(item_id, url):
            # Deleted while the poster was downloading: do not leave its images behind.
            await asyncio.to_thread(
                shutil.rmtree, posters.folder(kind, item_id), ignore_errors=True
            )
