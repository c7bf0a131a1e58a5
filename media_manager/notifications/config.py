"""Settings of notifications: Apprise targets, media servers to refresh, and the dedup window."""

import typing
from typing import Literal

from pydantic import Field, SecretStr, field_validator

from media_manager.core.config import HeaderToken, Section

NotificationEvent = Literal[
    "grabbed",
    "imported",
    "upgraded",
    "import_blocked",
    "import_failed",
    "download_failed",
    "new_episode",
    "health_problem",
    "health_restored",
]
EVENTS: tuple[NotificationEvent, ...] = typing.get_args(NotificationEvent)
MediaServerKind = Literal["jellyfin", "emby", "plex"]


class NotificationTarget(Section):
    """Where external notifications go: one or more Apprise URLs and the events they get."""

    name: str = Field(min_length=1, max_length=100)
    # Apprise URLs (https://github.com/caronc/apprise/wiki), separated by spaces, commas or new
    # lines: ntfy://topic, tgram://bot-token/chat-id, json://host/path. They carry tokens, hence
    # a secret: write-only through the API.
    urls: SecretStr
    events: list[NotificationEvent] = Field(default_factory=lambda: list(EVENTS))
    enabled: bool = True

    @field_validator("urls")
    @classmethod
    def _not_blank(cls, value: SecretStr) -> SecretStr:
        if not split_urls(value.get_secret_value()):
            raise ValueError("give at least one Apprise URL, e.g. ntfy://my-topic")
        return value


class MediaServerSettings(Section):
    """A Jellyfin, Emby or Plex server told to rescan the folder of each import."""

    name: str = Field(min_length=1, max_length=100)
    kind: MediaServerKind
    # http://host:8096 (Jellyfin, Emby) or http://host:32400 (Plex).
    url: str = Field(min_length=1, max_length=1000)
    # Jellyfin/Emby: an API key (Dashboard → API keys); Plex: the X-Plex-Token.
    token: HeaderToken
    enabled: bool = True
    timeout_seconds: float = Field(15.0, gt=0, le=300)

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("give the server's address, starting with http:// or https://")
        return value.rstrip("/")


class NotificationSettings(Section):
    targets: list[NotificationTarget] = []
    media_servers: list[MediaServerSettings] = []
    # One notification per event and subject within this window: a failing import that is
    # retried every few minutes notifies once.
    dedup_minutes: int = Field(360, ge=0, le=7 * 24 * 60)
    # How long one Apprise target may take to accept a notification.
    send_timeout_seconds: float = Field(20.0, gt=0, le=300)


def split_urls(urls: str) -> list[str]:
    return [part for part in urls.replace(",", " ").split() if part]
