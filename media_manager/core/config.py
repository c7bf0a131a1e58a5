"""Settings of the plumbing: server, database, paths, logging, email."""

import re
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, IPvAnyNetwork, SecretStr

_VISIBLE_ASCII = re.compile(r"[\x21-\x7e]*")


def _header_safe(value: SecretStr) -> SecretStr:
    if not _VISIBLE_ASCII.fullmatch(value.get_secret_value()):
        raise ValueError(
            "must be printable ASCII without spaces: it is sent in an HTTP header "
            "(copy the key again from the other program)"
        )
    return value


# An API key or token that another program expects in an HTTP header.
HeaderToken = Annotated[SecretStr, Field(max_length=1000), AfterValidator(_header_safe)]


class Section(BaseModel):
    """Base of every settings section: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ServerSettings(Section):
    host: str = "127.0.0.1"
    port: int = 8000
    # The address users open in a browser; used in password-reset and OIDC redirect links.
    base_url: str = "http://localhost:8000"
    # Freeze start-up objects and collect garbage less often (shorter pauses under load).
    tune_gc: bool = True
    # Larger request bodies are refused with 413; API bodies are small JSON documents.
    max_request_body_bytes: int = Field(1024 * 1024, ge=1024)
    # Reverse proxies (addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto
    # headers are believed. Loopback by default, as uvicorn did before: a proxy on the same
    # machine works without configuration, and only local programs can claim to be it.
    trusted_proxies: list[IPvAnyNetwork] = Field(
        default_factory=lambda: [IPv4Network("127.0.0.1/32"), IPv6Network("::1/128")]
    )


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


class SchedulerSettings(Section):
    # Run the scheduled jobs (refreshes, clean-ups); off, they run only when started by hand.
    enabled: bool = True
    # Job id -> seconds between two runs, replacing the job's own interval. The job ids are
    # listed by GET /api/v1/system/jobs; an unknown id stops start-up (checked by Settings).
    intervals: dict[str, Annotated[int, Field(ge=1)]] = {}
    # How many recent runs of each job the history keeps.
    history_per_job: int = Field(50, ge=1)
    # A continuing show is refreshed once its last refresh is this many hours old.
    continuing_refresh_hours: int = Field(24, ge=1)
    # Ended shows and movies change rarely: refreshed once their last refresh is this old.
    ended_refresh_days: int = Field(7, ge=1)
    movie_refresh_days: int = Field(7, ge=1)
