"""Settings of the plumbing: server, database, paths, logging, email."""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, SecretStr


class Section(BaseModel):
    """Base of every settings section: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ServerSettings(Section):
    host: str = "127.0.0.1"
    port: int = 8000
    # The address users open in a browser; used in password-reset and OIDC redirect links.
    base_url: str = "http://localhost:8000"


class DatabaseSettings(Section):
    # None means the embedded SQLite file in the data directory.
    url: str | None = None
    echo: bool = False


class PathSettings(Section):
    # None means a folder of the same name under the data directory.
    images: Path | None = None
    tv: Path | None = None
    movies: Path | None = None
    downloads: Path | None = None


class LoggingSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["text", "json"] = "text"


class EmailSettings(Section):
    # Without an SMTP host, mails are not sent and password-reset links are logged instead.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    starttls: bool = True
    from_address: str = "mediamanager@localhost"
