"""Settings as data: the file's settings with the stored ones merged over them, changed live.

The settings in effect (app.state.settings) are always rebuilt from scratch: the file-loaded
Settings (app.state.file_settings) dumped, stored entries appended to their lists, stored
singleton fields set where the file does not pin them, and the result validated as a new
Settings. A change is written, the result validated, the transaction committed and only then
applied, all under one lock; a change that does not validate leaves everything as it was.
"""

import asyncio
import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, SecretStr, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.datastructures import State

from media_manager.auth.models import User
from media_manager.config import ConfigError, Settings
from media_manager.core.checks import CheckResult
from media_manager.core.database import begin_read, end_transaction
from media_manager.core.schemas import Page, PageParams
from media_manager.indexer.service import redact_url
from media_manager.library.config import DEFAULT_LIBRARY
from media_manager.settings.checks import CheckContext
from media_manager.settings.exceptions import (
    SettingInUse,
    SettingReadOnly,
    SettingsEntryNotFound,
    SettingsNameTaken,
    invalid,
    invalid_field,
)
from media_manager.settings.models import SettingsChange, SettingsEntry, SettingsValues
from media_manager.settings.repository import (
    SettingsChangeRepository,
    SettingsEntryRepository,
    SettingsValuesRepository,
)
from media_manager.settings.schemas import SettingsChangeRead, Source
from media_manager.settings.sections import BY_KEY, COLLECTIONS, SettingsSection

log = logging.getLogger(__name__)

FILE_PREFIX = "file:"
BUILTIN_ID = "default"
Apply = Callable[[State, Settings], None]


def effective_settings(
    file: Settings, entries: Sequence[SettingsEntry], values: Sequence[SettingsValues]
) -> Settings:
    """The file's settings with the stored entries and fields merged in, validated anew."""
    data = file.model_dump()
    for section in COLLECTIONS:
        target = _at(data, section.path)
        target.extend(entry.data for entry in entries if entry.section == section.key)
    for row in values:
        section = BY_KEY.get(row.section)
        if section is None or section.kind != "singleton":
            continue
        pinned = pinned_fields(file, section)
        for name, value in row.data.items():
            if name in section.fields and name not in pinned:
                path = section.fields[name]
                _at(data, path[:-1])[path[-1]] = value
    return Settings.model_validate(data)


async def load_effective_settings(
    sessionmaker: async_sessionmaker[AsyncSession], file: Settings
) -> Settings:
    """At start-up: the stored settings over the file's; stored entries that no longer fit
    (a name the file now uses too, a field that changed type) are left out with a warning."""
    async with sessionmaker() as session:
        await begin_read(session)
        entries = await SettingsEntryRepository(session).all()
        values = await SettingsValuesRepository(session).all()
    usable = []
    for entry in entries:
        section = BY_KEY.get(entry.section)
        if section is None or section.kind != "collection":
            continue
        file_names = {model.name.casefold() for model in _at(file, section.path)}
        if entry.name_key in file_names:
            log.warning(
                "Settings: the %s %r stored in the database is left out: the config file "
                "defines one of that name",
                section.label,
                entry.name,
            )
            continue
        try:
            section.model.model_validate(entry.data)
        except ValidationError as exc:
            log.warning(
                "Settings: the %s %r stored in the database is left out: %s",
                section.label,
                entry.name,
                _first_error(exc),
            )
            continue
        usable.append(entry)
    try:
        return effective_settings(file, usable, values)
    except ValidationError as exc:
        raise ConfigError(
            f"the settings stored in the database do not fit the config file: {_first_error(exc)}"
        ) from None


def pinned_fields(file: Settings, section: SettingsSection) -> list[str]:
    """The singleton's fields that the config file or the environment set."""
    pinned = []
    for name, path in section.fields.items():
        parent = _at(file, path[:-1])
        if path[-1] in parent.model_fields_set:
            pinned.append(name)
    return pinned


class SettingsService:
    def __init__(self, session: AsyncSession, state: State, apply: Apply) -> None:
        self.session = session
        self.state = state
        self.apply = apply
        self.entries = SettingsEntryRepository(session)
        self.values = SettingsValuesRepository(session)
        self.changes = SettingsChangeRepository(session)

    @property
    def file_settings(self) -> Settings:
        return self.state.file_settings

    @property
    def settings(self) -> Settings:
        return self.state.settings

    @property
    def lock(self) -> asyncio.Lock:
        return self.state.settings_lock

    async def list_entries(self, section: SettingsSection) -> list[dict[str, Any]]:
        """The built-in entry, the file's entries, then the stored ones."""
        rows = [row for row in await self.entries.all() if row.section == section.key]
        found = []
        if section.builtin:
            builtin = section.model.model_validate(section.builtin(self.file_settings))
            found.append(_read_entry(section, builtin, BUILTIN_ID, "default"))
        for model in _at(self.file_settings, section.path):
            found.append(_read_entry(section, model, FILE_PREFIX + model.name, "file"))
        for row in rows:
            found.append(_read_entry(section, _model(section, row), str(row.id), "database"))
        return found

    async def get_entry(self, section: SettingsSection, entry_id: str) -> dict[str, Any]:
        model, source, row = await self._find(section, entry_id)
        return _read_entry(section, model, str(row.id) if row else entry_id, source)

    async def create_entry(
        self, section: SettingsSection, body: BaseModel, user: User
    ) -> dict[str, Any]:
        """Store a new entry and apply it."""
        new = section.model.model_validate(dict(body))
        async with self.lock:
            rows = await self.entries.all()
            self._check_name(section, new.name, rows, None)
            self._check_references(section, new, rows)
            now = datetime.now(UTC)
            row = SettingsEntry(
                id=uuid.uuid4(),
                section=section.key,
                name=new.name,
                name_key=new.name.casefold(),
                data=_stored(section, new),
                created_at=now,
                updated_at=now,
            )
            changes = _diff(section, None, new)
            await self.entries.add(row, self._name_taken(section, new.name))
            await self._record(user, section, new.name, "create", changes)
            await self._commit_and_apply()
        log.info("Settings: %s added %s %r", user.email, section.label, new.name)
        return _read_entry(section, new, str(row.id), "database")

    async def update_entry(
        self, section: SettingsSection, entry_id: str, patch: dict[str, Any], user: User
    ) -> dict[str, Any]:
        """Change the given fields of a stored entry; omitted fields (and secrets) are kept."""
        async with self.lock:
            old, source, row = await self._find(section, entry_id)
            if row is None:
                raise self._read_only_entry(section, old.name, source)
            new = _merge(section, old, patch)
            rows = await self.entries.all()
            if new.name.casefold() != old.name.casefold():
                self._check_name(section, new.name, rows, row.id)
            if new.name != old.name:
                self._check_unused(section, old.name, "renamed")
            self._check_references(section, new, rows)
            changes = _diff(section, old, new)
            if not changes:
                return _read_entry(section, new, str(row.id), "database")
            row.name = new.name
            row.name_key = new.name.casefold()
            row.data = _stored(section, new)
            row.updated_at = datetime.now(UTC)
            await self.entries.flush(self._name_taken(section, new.name))
            await self._record(user, section, old.name, "update", changes)
            await self._commit_and_apply()
        log.info(
            "Settings: %s changed %s of %s %r",
            user.email,
            ", ".join(changes),
            section.label,
            old.name,
        )
        return _read_entry(section, new, str(row.id), "database")

    async def delete_entry(self, section: SettingsSection, entry_id: str, user: User) -> None:
        """Remove a stored entry and apply the change."""
        async with self.lock:
            old, source, row = await self._find(section, entry_id)
            if row is None:
                raise self._read_only_entry(section, old.name, source)
            self._check_unused(section, old.name, "deleted")
            changes = {
                name: change
                for name, change in _diff(section, None, old).items()
                if not change.get("secret")
            }
            await self.entries.delete(row)
            await self._record(user, section, old.name, "delete", changes)
            await self._commit_and_apply()
        log.info("Settings: %s deleted %s %r", user.email, section.label, old.name)

    async def test_entry(self, section: SettingsSection, entry_id: str) -> CheckResult:
        """Run the section's test against a saved entry."""
        model, _, _ = await self._find(section, entry_id)
        return await self._test(section, model)

    async def test_unsaved(self, section: SettingsSection, body: BaseModel) -> CheckResult:
        """Run the section's test against values not saved yet (over a saved entry's)."""
        patch = body.model_dump(include=body.model_fields_set - {"id"})
        entry_id = getattr(body, "id", None)
        if entry_id is not None:
            base, _, _ = await self._find(section, entry_id)
            model = _merge(section, base, patch)
        else:
            model = _validate(section, patch)
        return await self._test(section, model)

    async def get_values(self, section: SettingsSection) -> dict[str, Any]:
        """The section's fields in effect, and which of them the file pins."""
        return _read_values(section, self._current(section), self.file_settings)

    async def update_values(
        self, section: SettingsSection, patch: dict[str, Any], user: User
    ) -> dict[str, Any]:
        """Change the given fields; fields the config file or environment set are read-only."""
        pinned = pinned_fields(self.file_settings, section)
        for name in patch:
            if name in pinned:
                raise SettingReadOnly(
                    f"{name} is set in the config file or the environment as "
                    f"{section.field_location(name)}; change it there"
                )
        async with self.lock:
            old = self._current(section)
            new = _merge(section, old, patch)
            changes = {
                name: change for name, change in _diff(section, old, new).items() if name in patch
            }
            if not changes:
                return _read_values(section, new, self.file_settings)
            stored = _stored(section, new)
            row = await self.values.get(section.key)
            now = datetime.now(UTC)
            if row is None:
                row = SettingsValues(section=section.key, data={}, updated_at=now)
                await self.values.add(row, None)  # type: ignore[arg-type]
            row.data = {**row.data, **{name: stored[name] for name in patch}}
            row.updated_at = now
            await self.values.flush()
            await self._record(user, section, None, "update", changes)
            await self._commit_and_apply()
        log.info("Settings: %s changed %s of %s", user.email, ", ".join(changes), section.label)
        return _read_values(section, new, self.file_settings)

    async def test_values(self, section: SettingsSection, body: BaseModel) -> CheckResult:
        """Run the section's test with the given fields over the ones in effect."""
        model = _merge(
            section, self._current(section), body.model_dump(include=body.model_fields_set)
        )
        return await self._test(section, model)

    async def change_log(self, page: PageParams) -> Page[SettingsChangeRead]:
        """Every recorded change, newest first."""
        rows, total = await self.changes.page(page.offset, page.page_size)
        return Page(
            items=[SettingsChangeRead.model_validate(row) for row in rows],
            total=total,
            page=page.page,
            page_size=page.page_size,
        )

    async def _test(self, section: SettingsSection, model: BaseModel) -> CheckResult:
        assert section.test is not None  # routes exist only for sections with a test
        # The check calls out to an indexer, a client or the metadata source.
        await end_transaction(self.session)
        context = CheckContext(self.settings, self.state.http_client, self.state)
        return await section.test(model, context)

    async def _commit_and_apply(self) -> None:
        rows = await self.entries.all()
        values = await self.values.all()
        try:
            settings = effective_settings(self.file_settings, rows, values)
        except ValidationError as exc:
            raise invalid(
                [{**error, "loc": ()} for error in exc.errors(include_input=False)]
            ) from None
        # Applied only once stored: a failed commit leaves the settings in effect unchanged.
        await end_transaction(self.session)
        self.apply(self.state, settings)

    async def _record(
        self,
        user: User,
        section: SettingsSection,
        entry_name: str | None,
        action: str,
        changes: dict[str, Any],
    ) -> None:
        change = SettingsChange(
            at=datetime.now(UTC),
            user_id=user.id,
            user_email=user.email,
            section=section.key,
            entry_name=entry_name,
            action=action,
            changes=changes,
        )
        await self.changes.add(change, None)  # type: ignore[arg-type]

    async def _find(
        self, section: SettingsSection, entry_id: str
    ) -> tuple[BaseModel, Source, SettingsEntry | None]:
        if section.builtin and entry_id == BUILTIN_ID:
            return (
                section.model.model_validate(section.builtin(self.file_settings)),
                "default",
                None,
            )
        if entry_id.startswith(FILE_PREFIX):
            name = entry_id.removeprefix(FILE_PREFIX)
            for model in _at(self.file_settings, section.path):
                if model.name == name:
                    return model, "file", None
        else:
            try:
                row = await self.entries.get(section.key, uuid.UUID(entry_id))
            except ValueError:
                row = None
            if row is not None:
                return _model(section, row), "database", row
        raise SettingsEntryNotFound(f"There is no {_words(section)} with id {entry_id!r}")

    def _check_name(
        self,
        section: SettingsSection,
        name: str,
        rows: Sequence[SettingsEntry],
        own_id: uuid.UUID | None,
    ) -> None:
        key = name.casefold()
        if section.builtin and name == DEFAULT_LIBRARY:
            raise SettingsNameTaken(
                f'The name "{DEFAULT_LIBRARY}" is the built-in library (paths); choose another'
            )
        if any(model.name.casefold() == key for model in _at(self.file_settings, section.path)):
            raise SettingsNameTaken(
                f"The config file already defines a {_words(section)} named {name!r}; "
                "choose another name"
            )
        if any(r.section == section.key and r.name_key == key and r.id != own_id for r in rows):
            raise self._name_taken(section, name)

    def _name_taken(self, section: SettingsSection, name: str) -> SettingsNameTaken:
        return SettingsNameTaken(
            f"A {_words(section)} named {name!r} exists already; choose another name"
        )

    def _check_references(
        self, section: SettingsSection, model: BaseModel, rows: Sequence[SettingsEntry]
    ) -> None:
        client = getattr(model, "download_client", None)
        if not section.builtin or client is None:
            return
        names = [c.name for c in self.settings.downloads.clients]
        if client not in names:
            known = ", ".join(names) if names else "none is configured yet"
            raise invalid_field(
                "download_client",
                f"there is no download client named {client!r} (download clients: {known})",
            )

    def _check_unused(self, section: SettingsSection, name: str, what: str) -> None:
        if section.key != "download-clients":
            return
        library = self.settings.library
        users = [e.name for e in [*library.tv, *library.movies] if e.download_client == name]
        if users:
            raise SettingInUse(
                f"The download client {name!r} cannot be {what}: the "
                f"librar{'y' if len(users) == 1 else 'ies'} {', '.join(users)} use it; "
                "change their download client first"
            )

    def _read_only_entry(self, section: SettingsSection, name: str, source: Source):
        if source == "default":
            return SettingReadOnly(
                f"The {_words(section)} {name!r} is built in (paths); set its folder in the "
                "config file"
            )
        return SettingReadOnly(
            f"The {_words(section)} {name!r} is defined in {section.file_keys}; change it there"
        )

    def _current(self, section: SettingsSection) -> BaseModel:
        values = {name: _at(self.settings, path) for name, path in section.fields.items()}
        return section.model.model_validate(values)


def _at(root: Any, path: Sequence[str]) -> Any:
    for part in path:
        root = root[part] if isinstance(root, dict) else getattr(root, part)
    return root


def _model(section: SettingsSection, row: SettingsEntry) -> BaseModel:
    return section.model.model_validate(row.data)


def _validate(section: SettingsSection, data: dict[str, Any]) -> BaseModel:
    try:
        return section.model.model_validate(data)
    except ValidationError as exc:
        raise invalid(exc.errors(include_input=False)) from None


def _merge(section: SettingsSection, old: BaseModel, patch: dict[str, Any]) -> BaseModel:
    # Python-mode dumps keep SecretStr values, so an omitted secret is carried over as is.
    return _validate(section, {**dict(old), **patch})


def _stored(section: SettingsSection, model: BaseModel) -> dict[str, Any]:
    data = model.model_dump(mode="json")
    for name in section.secret_fields:
        value = getattr(model, name)
        data[name] = value.get_secret_value() if isinstance(value, SecretStr) else value
    return data


def _secret_set(value: Any) -> bool:
    return isinstance(value, SecretStr) and bool(value.get_secret_value())


def _diff(section: SettingsSection, old: BaseModel | None, new: BaseModel) -> dict[str, Any]:
    before = _stored(section, old) if old is not None else {}
    after = _stored(section, new)
    changes: dict[str, Any] = {}
    for name, value in after.items():
        previous = before.get(name)
        if old is not None and previous == value:
            continue
        if name in section.secret_fields:
            if old is None and value is None:
                continue
            changes[name] = {"secret": True}
        elif name == "url":
            # Indexer URLs may carry a key in their query string.
            changes[name] = {"old": previous and redact_url(previous), "new": redact_url(value)}
        else:
            changes[name] = {"old": previous, "new": value}
    return changes


def _read_entry(
    section: SettingsSection, model: BaseModel, entry_id: str, source: Source
) -> dict[str, Any]:
    data = model.model_dump(exclude=set(section.secret_fields))
    for name in section.secret_fields:
        data[f"{name}_set"] = _secret_set(getattr(model, name))
    return {**data, "id": entry_id, "source": source, "read_only": source != "database"}


def _read_values(section: SettingsSection, model: BaseModel, file: Settings) -> dict[str, Any]:
    data = model.model_dump(exclude=set(section.secret_fields))
    for name in section.secret_fields:
        data[f"{name}_set"] = _secret_set(getattr(model, name))
    return {**data, "pinned": pinned_fields(file, section)}


def _words(section: SettingsSection) -> str:
    # "DownloadClient" -> "download client"
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in section.label).strip()
    return words.replace("tv", "TV")


def _first_error(exc: ValidationError) -> str:
    error = exc.errors(include_input=False)[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]
