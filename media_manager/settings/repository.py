"""Every query of the stored settings and their change log."""

import uuid

from sqlalchemy import func, select

from media_manager.core.repository import Repository
from media_manager.settings.models import SettingsChange, SettingsEntry, SettingsValues


class SettingsEntryRepository(Repository[SettingsEntry]):
    async def all(self) -> list[SettingsEntry]:
        """Every stored entry of every section, oldest first (the order of the file after it)."""
        query = select(SettingsEntry).order_by(SettingsEntry.created_at, SettingsEntry.id)
        return list((await self.session.execute(query)).scalars())

    async def get(self, section: str, entry_id: uuid.UUID) -> SettingsEntry | None:
        entry = await self.session.get(SettingsEntry, entry_id)
        return entry if entry is not None and entry.section == section else None


class SettingsValuesRepository(Repository[SettingsValues]):
    async def all(self) -> list[SettingsValues]:
        return list((await self.session.execute(select(SettingsValues))).scalars())

    async def get(self, section: str) -> SettingsValues | None:
        return await self.session.get(SettingsValues, section)


class SettingsChangeRepository(Repository[SettingsChange]):
    async def page(self, offset: int, limit: int) -> tuple[list[SettingsChange], int]:
        """Changes newest first, and how many there are."""
        total = (
            await self.session.execute(select(func.count()).select_from(SettingsChange))
        ).scalar_one()
        query = (
            select(SettingsChange)
            .order_by(SettingsChange.at.desc(), SettingsChange.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list((await self.session.execute(query)).scalars()), total
