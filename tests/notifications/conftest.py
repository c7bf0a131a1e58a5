from collections.abc import Iterator
from pathlib import Path

import pytest

from media_manager.config import Settings
from tests.conftest import make_settings
from tests.support.http_server import serve_in_thread
from tests.support.media_servers import MediaServerStandIn
from tests.support.webhook import WebhookReceiver

_RECEIVER = WebhookReceiver()
_MEDIA = MediaServerStandIn()


@pytest.fixture(scope="session")
def _receiver_url() -> Iterator[str]:
    with serve_in_thread(_RECEIVER.app()) as base_url:
        _RECEIVER.base_url = base_url
        yield base_url


@pytest.fixture
def receiver(_receiver_url: str) -> Iterator[WebhookReceiver]:
    """A local webhook receiver that Apprise's json:// posts to, emptied per test."""
    _RECEIVER.reset()
    yield _RECEIVER
    _RECEIVER.reset()


@pytest.fixture(scope="session")
def _media_url() -> Iterator[str]:
    with serve_in_thread(_MEDIA.app()) as base_url:
        _MEDIA.base_url = base_url
        yield base_url


@pytest.fixture
def media_standin(_media_url: str) -> Iterator[MediaServerStandIn]:
    _MEDIA.calls.clear()
    _MEDIA.plex_sections.clear()
    yield _MEDIA


@pytest.fixture
def settings(tmp_path: Path, database_url: str, receiver: WebhookReceiver) -> Settings:
    """One Apprise target at the receiver, subscribed to every event."""
    return make_settings(
        tmp_path / "data",
        database_url,
        notifications={
            "targets": [{"name": "hook", "urls": receiver.apprise_url()}],
            "send_timeout_seconds": 5,
        },
    )
