"""Which settings the app manages, and where each lives in the root Settings.

A collection is a list of named entries (indexers, download clients, library roots); a singleton
is one set of fields (Prowlarr, the metadata source, general options). Adding a section is one
entry in SECTIONS: the API routes, the stored data and the audit trail follow from it.
"""

import types
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr, field_validator

from media_manager.automation.config import AutomationSettings
from media_manager.backups.config import BackupSettings
from media_manager.config import Settings
from media_manager.core.checks import CheckResult
from media_manager.core.config import Section
from media_manager.downloads.config import DownloadClientSettings
from media_manager.health.config import HealthSettings
from media_manager.importer.config import ImportSettings
from media_manager.indexer.config import ProwlarrSettings, TorznabIndexerSettings
from media_manager.library.config import DEFAULT_LIBRARY, LibraryEntry
from media_manager.metadata.config import MetadataSettings
from media_manager.notifications.config import MediaServerSettings, NotificationTarget
from media_manager.notifications.media_servers import check_media_server
from media_manager.notifications.service import check_target
from media_manager.settings import checks
from media_manager.settings.checks import CheckContext

CheckHook = Callable[[Any, CheckContext], Awaitable[CheckResult]]
Kind = typing.Literal["collection", "singleton"]


@dataclass(frozen=True)
class SettingsSection:
    # The URL segment (/api/v1/settings/<key>) and the section's name in stored rows.
    key: str
    # A word for one entry or the section, used in messages and schema names ("Indexer").
    label: str
    kind: Kind
    model: type[BaseModel]
    # Collections: where the entry list lives in Settings, e.g. ("indexer", "torznab").
    path: tuple[str, ...] = ()
    # Singletons: field -> where it lives in Settings, e.g. "base_url" -> ("server", "base_url").
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    test: CheckHook | None = None
    # Collections: fields that must be absolute paths when given through the API.
    absolute_paths: tuple[str, ...] = ()
    # Collections: a built-in entry shown first and read-only (the default library).
    builtin: Callable[[Settings], dict[str, Any]] | None = None

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return secret_fields(self.model)

    @property
    def file_keys(self) -> str:
        """Where the file and environment define this section, for messages."""
        if self.kind == "collection":
            dotted = ".".join(self.path)
            env = "MEDIAMANAGER_" + "__".join(self.path).upper()
            return f"[[{dotted}]] in the config file or {env}"
        return "the config file or MEDIAMANAGER_* environment variables"

    def field_location(self, name: str) -> str:
        """`section.key (env MEDIAMANAGER_SECTION__KEY)` of one singleton field."""
        path = self.fields[name]
        return f"{'.'.join(path)} (env MEDIAMANAGER_{'__'.join(path).upper()})"


def secret_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields typed SecretStr (optional or not): write-only through the API."""
    return tuple(
        name for name, info in model.model_fields.items() if _mentions_secret(info.annotation)
    )


def _mentions_secret(annotation: object) -> bool:
    if annotation is SecretStr:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return any(_mentions_secret(arg) for arg in typing.get_args(annotation))
    return False


def whole(model: type[BaseModel], *path: str) -> dict[str, tuple[str, ...]]:
    """Every field of a section model that is itself a part of Settings."""
    return {name: (*path, name) for name in model.model_fields}


class GeneralSettings(Section):
    """Options from several parts of Settings, managed together."""

    # The address users open in a browser; used in password-reset and OIDC redirect links.
    base_url: str = Field(min_length=1, max_length=1000)
    # When false, accounts created after the first one wait for an admin's approval.
    open_registration: bool
    # How long a login stays valid.
    token_lifetime_seconds: int = Field(ge=60, le=10 * 365 * 24 * 3600)

    @field_validator("base_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("give the address users open, starting with http:// or https://")
        return value.rstrip("/")


def _default_library(kind: str) -> Callable[[Settings], dict[str, Any]]:
    def builtin(settings: Settings) -> dict[str, Any]:
        path: Path | None = getattr(settings.paths, kind)
        return {"name": DEFAULT_LIBRARY, "path": str(path), "download_client": None}

    return builtin


SECTIONS: tuple[SettingsSection, ...] = (
    SettingsSection(
        key="indexers",
        label="Indexer",
        kind="collection",
        model=TorznabIndexerSettings,
        path=("indexer", "torznab"),
        test=checks.check_indexer,
    ),
    SettingsSection(
        key="prowlarr",
        label="Prowlarr",
        kind="singleton",
        model=ProwlarrSettings,
        fields=whole(ProwlarrSettings, "indexer", "prowlarr"),
        test=checks.check_prowlarr,
    ),
    SettingsSection(
        key="download-clients",
        label="DownloadClient",
        kind="collection",
        model=DownloadClientSettings,
        path=("downloads", "clients"),
        test=checks.check_download_client,
    ),
    SettingsSection(
        key="tv-libraries",
        label="TvLibrary",
        kind="collection",
        model=LibraryEntry,
        path=("library", "tv"),
        test=checks.check_library_root,
        absolute_paths=("path",),
        builtin=_default_library("tv"),
    ),
    SettingsSection(
        key="movie-libraries",
        label="MovieLibrary",
        kind="collection",
        model=LibraryEntry,
        path=("library", "movies"),
        test=checks.check_library_root,
        absolute_paths=("path",),
        builtin=_default_library("movies"),
    ),
    SettingsSection(
        key="metadata",
        label="Metadata",
        kind="singleton",
        model=MetadataSettings,
        fields=whole(MetadataSettings, "metadata"),
        test=checks.check_metadata,
    ),
    SettingsSection(
        key="import",
        label="Import",
        kind="singleton",
        model=ImportSettings,
        fields=whole(ImportSettings, "importer"),
    ),
    SettingsSection(
        key="automation",
        label="Automation",
        kind="singleton",
        model=AutomationSettings,
        fields=whole(AutomationSettings, "automation"),
    ),
    SettingsSection(
        key="general",
        label="General",
        kind="singleton",
        model=GeneralSettings,
        fields={
            "base_url": ("server", "base_url"),
            "open_registration": ("auth", "open_registration"),
            "token_lifetime_seconds": ("auth", "token_lifetime_seconds"),
        },
    ),
    SettingsSection(
        key="notifications",
        label="NotificationTarget",
        kind="collection",
        model=NotificationTarget,
        path=("notifications", "targets"),
        test=check_target,
    ),
    SettingsSection(
        key="media-servers",
        label="MediaServer",
        kind="collection",
        model=MediaServerSettings,
        path=("notifications", "media_servers"),
        test=check_media_server,
    ),
    SettingsSection(
        key="health",
        label="Health",
        kind="singleton",
        model=HealthSettings,
        fields=whole(HealthSettings, "health"),
    ),
    SettingsSection(
        key="backups",
        label="Backup",
        kind="singleton",
        model=BackupSettings,
        fields=whole(BackupSettings, "backups"),
    ),
)
BY_KEY = {section.key: section for section in SECTIONS}
COLLECTIONS = tuple(section for section in SECTIONS if section.kind == "collection")
SINGLETONS = tuple(section for section in SECTIONS if section.kind == "singleton")
