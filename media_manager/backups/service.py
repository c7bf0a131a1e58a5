"""Backups: the database and the settings in one zip under <data_dir>/backups, and restores.

What a backup holds:
- SQLite: `database.sqlite3`, an online copy made with SQLite's backup API on a separate
  connection (consistent even while the app writes).
- PostgreSQL: `tables/<table>.jsonl`, every table exported in one REPEATABLE READ transaction
  (a consistent snapshot, readable without PostgreSQL tools), and `database.pgdump` (pg_dump's
  custom format) when pg_dump is installed, for a manual `pg_restore`.
- `settings.json` (the settings managed in the app) and `config.toml` (the config file).
- `manifest.json`: format, app version, database kind, alembic revision, created_at.

Backups contain secrets by nature (API keys, client passwords, Apprise URLs, password hashes):
files are created 0600 in a 0700 folder, and only admins can list, download or restore them.

A restore replaces the current database's rows with the backup's: SQLite through the backup
API in the other direction (the engine's pooled connections are closed first, and migrations
run afterwards when the backup is older), PostgreSQL by truncating every table and loading the
export in one transaction. "The app restarts into the restored data" means: the engine's
connections are dropped, the settings in effect are rebuilt from the restored tables and the
config file, and everything derived from them (download clients, login tokens' lifetime) is
rebuilt, as at start-up, without stopping the process. The backup's config file is written next
to the one in use, never over it: it names database and folders of the machine it came from.
"""

import asyncio
import base64
import json
import logging
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from starlette.datastructures import State

from media_manager import __version__
from media_manager.backups.exceptions import (
    BackupNotFound,
    BackupNotRestorable,
    RestoreNotConfirmed,
)
from media_manager.backups.schemas import BackupRead, RestoreResult
from media_manager.config import Settings
from media_manager.core import migrations
from media_manager.core.database import SQLITE_BEGIN_OPTION, begin_read, end_transaction
from media_manager.core.filesystem import PRIVATE_FILE_MODE, create_private_directory
from media_manager.core.scheduler import JobRunner
from media_manager.settings.repository import SettingsEntryRepository, SettingsValuesRepository
from media_manager.settings.service import load_effective_settings

log = logging.getLogger(__name__)

FORMAT = 1
NAME = re.compile(r"^mediamanager-backup-\d{8}-\d{6}-[0-9a-f]{6}\.zip$")
SQLITE_ENTRY = "database.sqlite3"
PGDUMP_ENTRY = "database.pgdump"
TABLES_DIR = "tables/"
ROWS_PER_CHUNK = 1000
PG_DUMP_TIMEOUT_SECONDS = 30 * 60
Apply = Callable[[State, Settings], None]


def backups_dir(settings: Settings) -> Path:
    return settings.data_dir / "backups"


def config_file_of(settings: Settings) -> Path:
    return settings.config_file or settings.data_dir / "config.toml"


class BackupService:
    def __init__(self, state: State, apply: Apply) -> None:
        self.state = state
        self.apply = apply

    @property
    def settings(self) -> Settings:
        return self.state.settings

    @property
    def engine(self) -> AsyncEngine:
        return self.state.engine

    @property
    def directory(self) -> Path:
        return backups_dir(self.settings)

    async def create(self, kind: str = "manual") -> BackupRead:
        """Write a new backup; scheduled ones beyond backups.keep are then removed."""
        directory = self.directory
        await asyncio.to_thread(create_private_directory, directory)
        now = datetime.now(UTC)
        name = f"mediamanager-backup-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}.zip"
        part = directory / f".{name}.part"
        revision = await self._revision()
        database = "sqlite" if self.settings.is_sqlite else "postgresql"
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "app_version": __version__,
            "database": database,
            "alembic_revision": revision,
            "created_at": now.isoformat(),
            "kind": kind,
        }
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
        try:
            with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
                if database == "sqlite":
                    await asyncio.to_thread(self._add_sqlite_copy, zf)
                else:
                    manifest["tables"] = await self._add_portable_export(zf)
                    if self.settings.backups.pg_dump:
                        manifest["pg_dump"] = await self._add_pg_dump(zf)
                await asyncio.to_thread(
                    zf.writestr, "settings.json", json.dumps(await self._settings_rows(), indent=1)
                )
                config = config_file_of(self.settings)
                if config.is_file():
                    await asyncio.to_thread(zf.write, config, "config.toml")
                manifest["contents"] = sorted(
                    {
                        i.filename.split("/")[0] + ("/" if "/" in i.filename else "")
                        for i in zf.infolist()
                    }
                )
                zf.writestr("manifest.json", json.dumps(manifest, indent=1))
            part.rename(directory / name)
        finally:
            part.unlink(missing_ok=True)
        log.info("Backup %s written (%s, revision %s)", name, database, revision)
        if kind == "scheduled":
            await asyncio.to_thread(self._prune)
        return await asyncio.to_thread(self._read, directory / name)

    async def scheduled_backup_due(self) -> bool:
        """Whether the newest scheduled backup is older than backups.every_days (or none)."""
        scheduled = [backup for backup in await self.all() if backup.kind == "scheduled"]
        if not scheduled:
            return True
        age = datetime.now(UTC) - scheduled[0].created_at
        return age >= timedelta(days=self.settings.backups.every_days)

    async def all(self) -> list[BackupRead]:
        """Every backup, newest first."""
        return await asyncio.to_thread(self._list)

    def path(self, name: str) -> Path:
        """The file of a backup; raises BackupNotFound."""
        if not NAME.match(name) or not (self.directory / name).is_file():
            raise BackupNotFound(f"There is no backup named {name!r}")
        return self.directory / name

    async def delete(self, name: str) -> None:
        path = self.path(name)
        await asyncio.to_thread(path.unlink)
        log.info("Backup %s deleted", name)

    async def restore(self, name: str, confirm: str, session: AsyncSession) -> RestoreResult:
        """Replace the database's rows with the backup's, then reload the settings."""
        path = self.path(name)
        if confirm != name:
            raise RestoreNotConfirmed(
                "A restore replaces everything in the database: confirm it by sending the "
                "backup's name as `confirm`"
            )
        manifest = await asyncio.to_thread(_manifest, path)
        database = "sqlite" if self.settings.is_sqlite else "postgresql"
        if manifest.get("database") != database:
            raise BackupNotRestorable(
                f"The backup {name} is of a {manifest.get('database')} database; this app uses "
                f"{database}"
            )
        # The restore takes every table's lock; the request must not hold any of them.
        await end_transaction(session)
        revision = manifest.get("alembic_revision")
        if database == "sqlite":
            await self._check_known_revision(revision)
        else:
            current = await self._revision()
            if revision != current:
                raise BackupNotRestorable(
                    f"The backup {name} was made at database revision {revision}, this database "
                    f"is at {current}; restore it with the MediaManager version that made it "
                    f"({manifest.get('app_version')}), then upgrade"
                )
        # No job may write (or read half-restored data) until the settings are rebuilt too.
        async with self._jobs_paused(f"restoring the backup {name}"):
            if database == "sqlite":
                await self._restore_sqlite(path)
            else:
                await self._restore_postgres(path)
            await self.engine.dispose()
            config_copy = await asyncio.to_thread(self._restore_config_copy, path)
            settings = await load_effective_settings(
                self.state.sessionmaker, self.state.file_settings
            )
            self.apply(self.state, settings)
        log.warning("Restored the backup %s; settings reloaded", name)
        message = f"Restored {name}; the app now runs on its data and settings"
        if config_copy:
            message += (
                f". The backup's config file is at {config_copy}: compare it with the one in use"
            )
        return RestoreResult(name=name, message=message, config_file=config_copy)

    def _jobs_paused(self, why: str) -> AbstractAsyncContextManager[None]:
        runner: JobRunner | None = getattr(self.state, "job_runner", None)
        return runner.paused(why) if runner is not None else nullcontext()

    async def _revision(self) -> str | None:
        async with self.engine.connect() as connection:
            # Read-only: on SQLite it must not queue for the write lock (BEGIN IMMEDIATE would
            # wait out the busy timeout behind any writer, then report no revision).
            await connection.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
            try:
                result = await connection.execute(text("SELECT version_num FROM alembic_version"))
            except Exception:  # no alembic_version table: a database made without migrations
                return None
            return result.scalar_one_or_none()

    async def _check_known_revision(self, revision: str | None) -> None:
        from alembic.script import ScriptDirectory

        config = migrations.alembic_config(self.settings.database_url)
        script = ScriptDirectory.from_config(config)
        try:
            known = revision is not None and script.get_revision(revision) is not None
        except Exception:  # alembic raises several kinds for an unknown revision
            known = False
        if not known:
            raise BackupNotRestorable(
                f"The backup was made at database revision {revision}, which this version of "
                "MediaManager does not know (a newer version made it); upgrade first"
            )

    def _sqlite_path(self) -> Path:
        database = make_url(self.settings.database_url).database
        if not database or database == ":memory:" or database.startswith("file:"):
            raise BackupNotRestorable("An in-memory SQLite database has no file to back up")
        return Path(database)

    def _add_sqlite_copy(self, zf: zipfile.ZipFile) -> None:
        with tempfile.TemporaryDirectory(dir=self.directory) as scratch:
            copy = Path(scratch) / SQLITE_ENTRY
            _sqlite_copy(self._sqlite_path(), copy)
            zf.write(copy, SQLITE_ENTRY)

    async def _restore_sqlite(self, path: Path) -> None:
        live = self._sqlite_path()
        # Pooled connections would keep pages of the old database in their caches.
        await self.engine.dispose()

        def restore() -> None:
            with tempfile.TemporaryDirectory(dir=self.directory) as scratch:
                with zipfile.ZipFile(path) as zf:
                    zf.extract(SQLITE_ENTRY, scratch)
                _sqlite_copy(Path(scratch) / SQLITE_ENTRY, live)

        await asyncio.to_thread(restore)
        # An older backup is brought to this version's schema.
        await asyncio.to_thread(migrations.upgrade, self.settings.database_url)

    async def _add_portable_export(self, zf: zipfile.ZipFile) -> dict[str, int]:
        counts: dict[str, int] = {}
        async with self.engine.connect() as connection:
            connection = await connection.execution_options(isolation_level="REPEATABLE READ")
            async with connection.begin():
                await connection.execute(text("SET TRANSACTION READ ONLY"))
                for table in await _tables(connection):
                    counts[table.name] = 0
                    with zf.open(f"{TABLES_DIR}{table.name}.jsonl", "w") as handle:
                        result = await connection.stream(select(*_stored_columns(table)))
                        async for rows in result.partitions(ROWS_PER_CHUNK):
                            data = "".join(
                                json.dumps(dict(row._mapping), default=_encode) + "\n"
                                for row in rows
                            ).encode()
                            await asyncio.to_thread(handle.write, data)
                            counts[table.name] += len(rows)
        return counts

    async def _add_pg_dump(self, zf: zipfile.ZipFile) -> str:
        program = shutil.which("pg_dump")
        if program is None:
            return "skipped: pg_dump is not installed"
        url = make_url(self.settings.database_url)
        env = {**os.environ}
        if url.password:
            env["PGPASSWORD"] = url.password
        with tempfile.TemporaryDirectory(dir=self.directory) as scratch:
            target = Path(scratch) / PGDUMP_ENTRY
            args = ["--format=custom", f"--file={target}", "--no-owner", f"--dbname={url.database}"]
            if url.host:
                args.append(f"--host={url.host}")
            if url.port:
                args.append(f"--port={url.port}")
            if url.username:
                args.append(f"--username={url.username}")
            process = await asyncio.create_subprocess_exec(
                program,
                *args,
                "--no-password",
                env=env,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            try:
                async with asyncio.timeout(PG_DUMP_TIMEOUT_SECONDS):
                    _, stderr = await process.communicate()
            except TimeoutError:
                process.kill()
                await process.wait()
                return "failed: pg_dump did not finish in time"
            if process.returncode != 0:
                problem = stderr.decode(errors="replace").strip().splitlines()
                log.warning("pg_dump failed; the backup has the portable export only: %s", problem)
                return f"failed: {problem[-1] if problem else process.returncode}"
            await asyncio.to_thread(zf.write, target, PGDUMP_ENTRY)
        return "included"

    async def _restore_postgres(self, path: Path) -> None:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
        async with self.engine.begin() as connection:
            # Running jobs hold locks briefly; a restore that cannot get them gives up.
            await connection.execute(text("SET LOCAL lock_timeout = '60s'"))
            tables = await _tables(connection)
            missing = [t.name for t in tables if f"{TABLES_DIR}{t.name}.jsonl" not in names]
            if missing:
                raise BackupNotRestorable(
                    f"The backup has no export of the tables {', '.join(missing)}"
                )
            quoted = ", ".join(connection.dialect.identifier_preparer.quote(t.name) for t in tables)
            await connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
            for table in tables:
                decoders = {c.name: _decoder(c.type) for c in _stored_columns(table)}
                generated = {c.name for c in table.columns if c.computed is not None}
                reader = _LineReader(path, f"{TABLES_DIR}{table.name}.jsonl")
                try:
                    while rows := await asyncio.to_thread(reader.next_rows, ROWS_PER_CHUNK):
                        await connection.execute(
                            table.insert(), [_decode(row, decoders, generated) for row in rows]
                        )
                finally:
                    reader.close()
                await _reset_sequences(connection, table)

    async def _settings_rows(self) -> dict[str, Any]:
        async with self.state.sessionmaker() as session:
            await begin_read(session)
            entries = await SettingsEntryRepository(session).all()
            values = await SettingsValuesRepository(session).all()
        return {
            "entries": [{"section": e.section, "name": e.name, "data": e.data} for e in entries],
            "values": [{"section": v.section, "data": v.data} for v in values],
        }

    def _restore_config_copy(self, path: Path) -> str | None:
        with zipfile.ZipFile(path) as zf:
            if "config.toml" not in zf.namelist():
                return None
            data = zf.read("config.toml")
        target = self.settings.data_dir / "config.toml.restored"
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return str(target)

    def _list(self) -> list[BackupRead]:
        if not self.directory.is_dir():
            return []
        found = []
        for path in self.directory.iterdir():
            if NAME.match(path.name):
                try:
                    found.append(self._read(path))
                except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
                    log.warning("The backup %s cannot be read: %s", path, exc)
        return sorted(found, key=lambda backup: backup.created_at, reverse=True)

    def _read(self, path: Path) -> BackupRead:
        manifest = _manifest(path)
        return BackupRead(
            name=path.name,
            size_bytes=path.stat().st_size,
            created_at=datetime.fromisoformat(manifest["created_at"]),
            kind=manifest.get("kind", "manual"),
            database=manifest["database"],
            alembic_revision=manifest.get("alembic_revision"),
            app_version=manifest.get("app_version", "unknown"),
            contents=manifest.get("contents", []),
        )

    def _prune(self) -> None:
        scheduled = [backup for backup in self._list() if backup.kind == "scheduled"]
        for backup in scheduled[self.settings.backups.keep :]:
            (self.directory / backup.name).unlink(missing_ok=True)
            log.info(
                "Backup %s removed (backups.keep = %d)", backup.name, self.settings.backups.keep
            )


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy a SQLite database page by page with its backup API: consistent while in use."""
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    if target.exists():
        target.chmod(PRIVATE_FILE_MODE)


def _top_level(entry: str) -> str:
    return entry.split("/", 1)[0] + "/" if "/" in entry else entry


def _manifest(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))


async def _tables(connection: Any) -> list[Table]:
    """Every table but Alembic's, parents before children."""

    def reflect(sync_connection: Any) -> list[Table]:
        metadata = MetaData()
        metadata.reflect(sync_connection)
        return [t for t in metadata.sorted_tables if t.name != "alembic_version"]

    return await connection.run_sync(reflect)


def _stored_columns(table: Table) -> list[Any]:
    """The columns a backup holds: not the generated ones (PostgreSQL's `search_text`)."""
    return [column for column in table.columns if column.computed is None]


async def _reset_sequences(connection: Any, table: Table) -> None:
    for column in table.primary_key.columns:
        sequence = (
            await connection.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            )
        ).scalar_one()
        if sequence:
            largest = func.max(column)
            await connection.execute(
                select(
                    func.setval(
                        func.to_regclass(sequence), func.coalesce(largest, 1), largest.is_not(None)
                    )
                )
            )


def _encode(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    raise TypeError(f"cannot export a {type(value).__name__}")


def _decoder(column_type: Any) -> Callable[[Any], Any] | None:
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return None
    decoders: dict[type, Callable[[Any], Any]] = {
        uuid.UUID: uuid.UUID,
        datetime: datetime.fromisoformat,
        date: date.fromisoformat,
        time: time.fromisoformat,
        Decimal: Decimal,
        bytes: base64.b64decode,
    }
    return decoders.get(python_type)


def _decode(
    row: dict[str, Any],
    decoders: dict[str, Callable[[Any], Any] | None],
    generated: set[str],
) -> dict:
    for name in generated:
        # The database computes it (a backup taken by another version may still hold it).
        row.pop(name, None)
    for name, value in row.items():
        decoder = decoders.get(name)
        if decoder is not None and value is not None:
            row[name] = decoder(value)
    return row


class _LineReader:
    """Rows of one table's JSON lines, read in chunks from the zip (in a thread)."""

    def __init__(self, path: Path, entry: str) -> None:
        self.zip = zipfile.ZipFile(path)
        self.handle = self.zip.open(entry)

    def next_rows(self, count: int) -> list[dict[str, Any]]:
        rows = []
        for _ in range(count):
            line = self.handle.readline()
            if not line:
                break
            rows.append(json.loads(line))
        return rows

    def close(self) -> None:
        self.handle.close()
        self.zip.close()
