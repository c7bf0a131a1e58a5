"""The metadata source: its life cycle, and the settings' "test" action (check_metadata_source)."""

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.datastructures import State

from media_manager.metadata.config import MetadataSettings
from media_manager.metadata.exceptions import MetadataSourceNotConfigured
from media_manager.metadata.relay import NO_SOURCE_MESSAGE, BuiltInRelay, MetadataSource
from media_manager.metadata.source import check_metadata_source
from tests.metadata.relay import RELAY_URL, FakeRelay
from tests.support.http_server import free_port
from tests.support.tmdb import TMDB_KEY, TmdbStandIn


def dead_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
async def state() -> AsyncIterator[State]:
    """What the check reads from the app: its shared client and its metadata source."""
    state = State()
    async with httpx.AsyncClient() as client:
        state.http_client = client
        state.metadata_source = MetadataSource()
        yield state
        await state.metadata_source.aclose()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[BuiltInRelay]:
    """Every built-in relay started during the test."""
    relays: list[BuiltInRelay] = []
    start = BuiltInRelay.start

    async def recording(settings: MetadataSettings) -> BuiltInRelay:
        relay = await start(settings)
        relays.append(relay)
        return relay

    monkeypatch.setattr(BuiltInRelay, "start", recording)
    return relays


def tmdb_keys(standin_url: str, key: str = TMDB_KEY) -> MetadataSettings:
    return MetadataSettings(tmdb_api_key=key, tmdb_base_url=f"{standin_url}/3")  # type: ignore[arg-type]


async def test_a_replaced_built_in_relay_closes_after_its_last_lookup():
    source = MetadataSource()
    keys = MetadataSettings(tmdb_api_key="a-key", tmdb_base_url=dead_url())  # type: ignore[arg-type]

    async with source.use(keys) as old:
        assert isinstance(old, BuiltInRelay)
        async with source.use(MetadataSettings(relay_url=RELAY_URL)) as new:
            assert new is not old
            assert not old.closed  # a lookup still runs on it
        assert not old.closed
    assert old.closed

    async with source.use(keys) as again:
        assert again is not old
    await source.aclose()
    assert again.closed  # type: ignore[attr-defined]


async def test_the_same_settings_reuse_the_running_relay():
    source = MetadataSource()
    keys = MetadataSettings(tmdb_api_key="a-key", tmdb_base_url=dead_url())  # type: ignore[arg-type]

    async with source.use(keys) as first:
        pass
    async with source.use(keys.model_copy(update={"default_language": "de"})) as second:
        pass

    assert second is first and not first.closed  # type: ignore[attr-defined]
    await source.aclose()


async def test_no_source_is_refused_before_anything_is_built(started: list[BuiltInRelay]):
    source = MetadataSource()

    with pytest.raises(MetadataSourceNotConfigured):
        async with source.use(MetadataSettings()):
            pass

    assert source.connection is None and started == []


async def test_check_with_a_working_tmdb_key(
    state: State, tmdb: TmdbStandIn, standin_url: str, started: list[BuiltInRelay]
):
    result = await check_metadata_source(tmdb_keys(standin_url), state)

    assert result.ok, result.message
    assert result.message == (
        "TMDB answered through the built-in relay. TVDB has no API key (metadata.tvdb_api_key)."
    )
    assert result.details == {"source": "keys", "tmdb": "ok", "tvdb": "no API key"}
    assert tmdb.paths() == ["/search/tv"]
    # The check ran on a relay of its own, now closed; the app's source was not touched.
    assert len(started) == 1 and started[0].closed
    assert state.metadata_source.connection is None


async def test_check_without_a_source(state: State, started: list[BuiltInRelay]):
    result = await check_metadata_source(MetadataSettings(), state)

    assert not result.ok
    assert result.message == NO_SOURCE_MESSAGE
    assert result.details == {"source": "none"}
    assert started == []


async def test_check_with_a_rejected_key(state: State, tmdb: TmdbStandIn, standin_url: str):
    result = await check_metadata_source(tmdb_keys(standin_url, "wrong-key"), state)

    assert not result.ok
    assert "TMDB refused the API key; check metadata.tmdb_api_key" in result.message
    assert result.details["tmdb"] == "API key rejected"
    assert "wrong-key" not in result.message


async def test_check_with_a_relay_that_does_not_answer(state: State):
    url = dead_url()

    result = await check_metadata_source(MetadataSettings(relay_url=url), state)

    assert not result.ok
    assert result.message == (
        f"The metadata service (relay at {url}) could not be reached (ConnectError); "
        "check metadata.relay_url"
    )
    assert result.details == {
        "source": "relay",
        "relay_url": url,
        "tmdb": "failed",
        "tvdb": "failed",
    }


async def test_check_with_a_working_relay(state: State, relay: FakeRelay):
    relay.providers["tvdb"] = False
    relay.fail("/tvdb/", "tvdb_not_configured")

    result = await check_metadata_source(MetadataSettings(relay_url=RELAY_URL), state)

    assert result.ok, result.message
    assert result.message == (
        f"TMDB answered through the relay at {RELAY_URL}. "
        "TVDB has no API key (TVDB_API_KEY on the relay)."
    )


async def test_check_tests_the_given_settings_not_the_running_ones(
    state: State, relay: FakeRelay, tmdb: TmdbStandIn, standin_url: str
):
    running = MetadataSettings(relay_url=RELAY_URL)
    async with state.metadata_source.use(running):
        pass

    result = await check_metadata_source(tmdb_keys(standin_url, "unsaved-wrong-key"), state)

    assert not result.ok and result.details["tmdb"] == "API key rejected"
    assert relay.requests == []
    assert state.metadata_source.connection.base_url == RELAY_URL
