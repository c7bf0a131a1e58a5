import socket
from pathlib import Path

import pytest

from media_manager.config import Settings
from tests.conftest import make_settings
from tests.support.torznab import TorznabServer, season_pack

KEY = "indexer-key-0123456789"
FILED_KEY = "filed-key-9876543210"


@pytest.fixture
def dead_url() -> str:
    """An address where nothing listens: a port that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def settings(tmp_path: Path, database_url: str, torznab: TorznabServer) -> Settings:
    """A config file with one indexer and a pinned metadata language; nothing stored yet."""
    torznab.add("filed", api_key=FILED_KEY)
    torznab.add("other", api_key=KEY, releases=[season_pack("Show Name", 1, "OTHER")])
    return make_settings(
        tmp_path / "data",
        database_url,
        indexer={"torznab": [{"name": "filed", "url": torznab.url("filed"), "api_key": FILED_KEY}]},
        metadata={"default_language": "de"},
    )
