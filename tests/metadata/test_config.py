import pytest
from pydantic import ValidationError

from media_manager.metadata.config import DEFAULT_TMDB_BASE_URL, MetadataSettings


def test_no_source_by_default_and_no_placeholder_address():
    settings = MetadataSettings()

    assert settings.relay_url is None
    assert settings.source_kind is None
    assert settings.tmdb_base_url == DEFAULT_TMDB_BASE_URL


def test_keys_win_over_a_relay_url():
    settings = MetadataSettings(relay_url="http://relay:8001/", tmdb_api_key=" abc ")  # type: ignore[arg-type]

    assert settings.source_kind == "keys"
    assert settings.relay_url == "http://relay:8001"
    assert settings.tmdb_api_key is not None
    assert settings.tmdb_api_key.get_secret_value() == "abc"
    assert "abc" not in repr(settings)


def test_blank_values_mean_not_set():
    settings = MetadataSettings(relay_url=" ", tmdb_api_key="", tvdb_api_key="  ")  # type: ignore[arg-type]

    assert (settings.relay_url, settings.tmdb_api_key, settings.tvdb_api_key) == (None, None, None)


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"relay_url": "relay:8001"}, "relay_url must be an http:// or https:// address"),
        ({"tmdb_base_url": "ftp://x"}, "tmdb_base_url must be an http:// or https:// address"),
        ({"tvdb_api_key": "two words"}, "an API key has no spaces in it"),
    ],
)
def test_bad_values_say_what_to_fix(values: dict, says: str):
    with pytest.raises(ValidationError, match=says):
        MetadataSettings(**values)
