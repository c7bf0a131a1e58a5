"""The root settings: a TOML file plus MEDIAMANAGER_* environment variables."""

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, get_args

from fastapi import Depends, Request
from pydantic import BaseModel, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from media_manager.auth.config import AuthSettings
from media_manager.automation.config import AutomationSettings
from media_manager.backups.config import BackupSettings
from media_manager.core.config import (
    DatabaseSettings,
    EmailSettings,
    LoggingSettings,
    PathSettings,
    SchedulerSettings,
    ServerSettings,
)
from media_manager.downloads.config import DownloadSettings
from media_manager.health.config import HealthSettings
from media_manager.importer.config import ImportSettings
from media_manager.indexer.config import IndexerSettings
from media_manager.library.config import LibrarySettings
from media_manager.metadata.config import MetadataSettings
from media_manager.notifications.config import NotificationSettings
from media_manager.profiles.config import ProfileSettings
from media_manager.search.config import SearchSettings

ENV_PREFIX = "MEDIAMANAGER_"
DEFAULT_DATA_DIR = Path("data")


class ConfigError(Exception):
    """The configuration cannot be used; the message says which key or file to fix."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        validate_default=True,
    )

    data_dir: Path = DEFAULT_DATA_DIR
    # Only meaningful as an environment variable; listed so that it is not an "unknown key".
    config_file: Path | None = None

    server: ServerSettings = ServerSettings()
    database: DatabaseSettings = DatabaseSettings()
    paths: PathSettings = PathSettings()
    logging: LoggingSettings = LoggingSettings()
    email: EmailSettings = EmailSettings()
    auth: AuthSettings = AuthSettings()
    metadata: MetadataSettings = MetadataSettings()
    library: LibrarySettings = LibrarySettings()
    indexer: IndexerSettings = IndexerSettings()
    downloads: DownloadSettings = DownloadSettings()
    importer: ImportSettings = ImportSettings()
    profiles: ProfileSettings = ProfileSettings()
    search: SearchSettings = SearchSettings()
    automation: AutomationSettings = AutomationSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    notifications: NotificationSettings = NotificationSettings()
    health: HealthSettings = HealthSettings()
    backups: BackupSettings = BackupSettings()

    @field_validator("scheduler")
    @classmethod
    def _known_jobs(cls, value: SchedulerSettings) -> SchedulerSettings:
        if value.intervals:
            # Imported here: the job list imports every domain's tasks, which use Settings.
            from media_manager.app_jobs import job_ids

            known = job_ids()
            unknown = sorted(set(value.intervals) - set(known))
            if unknown:
                raise ValueError(
                    f"scheduler.intervals names unknown job(s) {', '.join(unknown)}; "
                    f"jobs are {', '.join(known)}"
                )
        return value

    @model_validator(mode="after")
    def _resolve_defaults(self) -> "Settings":
        self.data_dir = self.data_dir.expanduser().absolute()
        for name in ("images", "tv", "movies", "downloads"):
            value = getattr(self.paths, name)
            path = self.data_dir / name if value is None else value.expanduser().absolute()
            setattr(self.paths, name, path)
        if self.database.url is None:
            self.database.url = f"sqlite+aiosqlite:///{self.data_dir / 'mediamanager.db'}"
        return self

    @property
    def database_url(self) -> str:
        assert self.database.url is not None  # filled in by _resolve_defaults
        return self.database.url

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The TOML file comes from model_config["toml_file"], set per load by load_settings().
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


def config_file_path(environ: os._Environ[str] | dict[str, str] = os.environ) -> Path:
    """Where the config file is looked for: MEDIAMANAGER_CONFIG_FILE or <data dir>/config.toml."""
    explicit = environ.get(f"{ENV_PREFIX}CONFIG_FILE")
    if explicit:
        return Path(explicit).expanduser()
    data_dir = Path(environ.get(f"{ENV_PREFIX}DATA_DIR") or DEFAULT_DATA_DIR).expanduser()
    return data_dir / "config.toml"


def load_settings(**overrides: object) -> Settings:
    """Read the settings once, turning every problem into a ConfigError that names the key."""
    path = config_file_path()
    explicit = bool(os.environ.get(f"{ENV_PREFIX}CONFIG_FILE"))
    toml_file: Path | None = None
    if path.exists() or explicit:
        _check_toml_file(path)
        toml_file = path

    _check_environment_keys()

    class FileSettings(Settings):
        model_config = SettingsConfigDict(toml_file=toml_file)

    try:
        return FileSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(_describe_validation_error(exc, toml_file)) from None


def _check_environment_keys() -> None:
    # pydantic-settings ignores unknown top-level variables; a typo such as
    # MEDIAMANAGER_DATABSE__URL must not be silently dropped.
    known = {name.upper() for name in Settings.model_fields}
    unknown = sorted(
        name
        for name in os.environ
        if name.startswith(ENV_PREFIX)
        and name[len(ENV_PREFIX) :].split("__", 1)[0].upper() not in known
    )
    if unknown:
        raise ConfigError(
            "unknown environment variable(s): "
            + ", ".join(unknown)
            + f"; settings are {', '.join(sorted(ENV_PREFIX + k for k in known))}"
        )


def _check_toml_file(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None


def _secret(loc: tuple[int | str, ...]) -> bool:
    """Whether the setting at `loc` holds a SecretStr (its value is never repeated)."""
    model: type[BaseModel] | None = Settings
    annotation: Any = None
    for part in loc:
        if isinstance(part, int):
            continue  # an index into a list: the list's item type is already in hand
        field = model.model_fields.get(part) if model is not None else None
        if field is None:
            return False
        annotation = field.annotation
        model = next((t for t in _types_in(annotation) if _is_model(t)), None)
    return SecretStr in _types_in(annotation)


def _types_in(annotation: Any) -> set[Any]:
    # SecretStr | None, list[Section], Annotated[SecretStr, ...]: every type named inside.
    args = get_args(annotation)
    found = {annotation}
    for arg in args:
        found |= _types_in(arg)
    return found


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _describe_validation_error(exc: ValidationError, toml_file: Path | None) -> str:
    origin = f"{toml_file} or the environment" if toml_file else "the environment"
    lines = [f"invalid configuration (read from {origin}):"]
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"])
        env_name = ENV_PREFIX + "__".join(str(part) for part in error["loc"]).upper()
        if error["type"] == "extra_forbidden":
            problem = "unknown setting"
        else:
            problem = error["msg"]
            if (
                "input" in error
                and not isinstance(error["input"], dict)
                and not _secret(error["loc"])
            ):
                problem += f" (got {error['input']!r})"
        lines.append(f"  - {key} (env {env_name}): {problem}")
    return "\n".join(lines)


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


# App level, not in core: Settings composes every domain's section.
SettingsDep = Annotated[Settings, Depends(get_settings)]
