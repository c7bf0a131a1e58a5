import httpx
import pytest
from pydantic import ValidationError

from metadata_relay.config import DEFAULT_TMDB_BASE_URL, DEFAULT_TVDB_BASE_URL, Settings
from tests.conftest import StartRelay


async def test_health_reports_configured_providers(start_relay: StartRelay):
    relay = await start_relay(tvdb_api_key=None)

    response = await relay.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "providers": {"tmdb": True, "tvdb": False}}


async def test_health_works_with_no_keys_at_all(start_relay: StartRelay):
    relay = await start_relay(tmdb_api_key=None, tvdb_api_key=None)

    response = await relay.get("/health")

    assert response.status_code == 200


async def test_openapi_lists_every_route(relay: httpx.AsyncClient):
    paths = set((await relay.get("/openapi.json")).json()["paths"])

    assert paths == {
        "/health",
        "/tmdb/tv/search",
        "/tmdb/movie/search",
        "/tmdb/tv/trending",
        "/tmdb/movie/trending",
        "/tmdb/tv/{tv_id}",
        "/tmdb/tv/{tv_id}/season/{season_number}",
        "/tmdb/movie/{movie_id}",
        "/tmdb/find/{external_id}",
        "/tvdb/search",
        "/tvdb/series/{series_id}",
        "/tvdb/series/{series_id}/episodes",
        "/tvdb/movies/{movie_id}",
    }


def test_settings_read_plain_environment_variables(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TMDB_API_KEY", "abc")
    monkeypatch.setenv("TVDB_BASE_URL", "http://tvdb.local/v4/")
    monkeypatch.setenv("RELAY_CACHE_TTL_SECONDS", "60")
    monkeypatch.setenv("RELAY_CACHE_MAX_ENTRIES", "10")
    monkeypatch.setenv("RELAY_UPSTREAM_TIMEOUT_SECONDS", "2.5")
    monkeypatch.delenv("TVDB_API_KEY", raising=False)
    monkeypatch.delenv("TMDB_BASE_URL", raising=False)

    settings = Settings()

    assert settings.tmdb_api_key is not None
    assert settings.tmdb_api_key.get_secret_value() == "abc"
    assert settings.tvdb_api_key is None
    assert settings.tmdb_base_url == DEFAULT_TMDB_BASE_URL
    assert settings.tvdb_base_url == "http://tvdb.local/v4"
    assert settings.relay_cache_ttl_seconds == 60
    assert settings.relay_cache_max_entries == 10
    assert settings.relay_upstream_timeout_seconds == 2.5


def test_blank_key_counts_as_missing(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TMDB_API_KEY", "  ")
    monkeypatch.delenv("TVDB_BASE_URL", raising=False)

    settings = Settings()

    assert settings.tmdb_api_key is None
    assert settings.tvdb_base_url == DEFAULT_TVDB_BASE_URL


def test_keys_are_not_shown_in_settings_repr():
    settings = Settings(tmdb_api_key="very-secret", tvdb_api_key="also-secret")

    assert "very-secret" not in repr(settings)
    assert "also-secret" not in repr(settings)


def test_timeout_must_be_positive():
    with pytest.raises(ValidationError):
        Settings(relay_upstream_timeout_seconds=0)
