"""Real torrent clients for the download tests: started once per session, stopped at the end."""

import uuid
from collections.abc import Iterator

import pytest

from tests.support.http_server import serve_in_thread
from tests.support.torrent_clients import (
    IN_CI,
    ProgramMissing,
    QBittorrent,
    Tracker,
    Transmission,
    start_qbittorrent,
    start_transmission,
)


def _missing(exc: ProgramMissing) -> None:
    if IN_CI:
        pytest.fail(f"{exc} (CI=true: this is a failure, not a skip)")
    pytest.skip(str(exc))


@pytest.fixture(scope="session")
def tracker() -> Iterator[str]:
    """The announce URL of a tracker every test swarm uses."""
    with serve_in_thread(Tracker().app) as url:
        yield f"{url}/announce"


@pytest.fixture(scope="session")
def qbittorrent(tmp_path_factory) -> Iterator[QBittorrent]:
    """The qBittorrent under test (downloads into its profile's downloads/)."""
    try:
        instance = start_qbittorrent(tmp_path_factory.mktemp("qbittorrent"))
    except ProgramMissing as exc:
        _missing(exc)
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def seeder(tmp_path_factory) -> Iterator[QBittorrent]:
    """A second qBittorrent that seeds the test releases."""
    try:
        instance = start_qbittorrent(tmp_path_factory.mktemp("seeder"))
    except ProgramMissing as exc:
        _missing(exc)
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def transmission(tmp_path_factory) -> Iterator[Transmission]:
    try:
        instance = start_transmission(tmp_path_factory.mktemp("transmission"))
    except ProgramMissing as exc:
        _missing(exc)
    yield instance
    instance.stop()


@pytest.fixture
def category() -> str:
    """A category/label of its own per test, so items() sees only that test's downloads."""
    return f"mm-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def group() -> str:
    """A release group of its own per test: release folders never collide between tests."""
    return f"G{uuid.uuid4().hex[:6].upper()}"
