"""Settings of the metadata lookups."""

from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator

from media_manager.core.config import Section

DEFAULT_TMDB_BASE_URL = "https://api.themoviedb.org/3"
DEFAULT_TVDB_BASE_URL = "https://api4.thetvdb.com/v4"


def _http_url(value: str, name: str) -> str:
    value = value.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{name} must be an http:// or https:// address, like {_EXAMPLES[name]}")
    return value


_EXAMPLES = {
    "url": "https://example.org",
    "relay_url": "http://localhost:8001",
    "tmdb_base_url": DEFAULT_TMDB_BASE_URL,
    "tvdb_base_url": DEFAULT_TVDB_BASE_URL,
}


class MetadataSettings(Section):
    # Where show and movie metadata come from, one of:
    # - TMDB and/or TVDB API keys: the relay's code runs inside MediaManager (nothing else to run);
    # - the address of a metadata relay (the metadata_relay/ package, run by you) holding the keys.
    # Keys win when both are set. With neither, metadata lookups answer 503.
    relay_url: str | None = None
    tmdb_api_key: SecretStr | None = None
    tvdb_api_key: SecretStr | None = None
    # The TMDB and TVDB APIs the keys are used with; change them only for a proxy or a test.
    tmdb_base_url: str = DEFAULT_TMDB_BASE_URL
    tvdb_base_url: str = DEFAULT_TVDB_BASE_URL
    # Language of titles and overviews, as TMDB takes it ("en", "de", "pt-BR").
    default_language: str = "en"
    # Shows and movies originally in one of these languages (e.g. ["ja"]) get their metadata
    # in that language instead of default_language.
    primary_languages: list[str] = []
    # How many season requests one show may have in flight at once.
    concurrent_requests: int = Field(4, ge=1, le=32)
    # Posters are downloaded from the addresses the relay returns, but only from public
    # internet addresses. Host names listed here are allowed even when they resolve to a
    # private or local address (a poster cache on the local network, test stand-ins).
    image_hosts: list[str] = []

    @field_validator("image_hosts")
    @classmethod
    def _lower_hosts(cls, value: list[str]) -> list[str]:
        return [host.strip().lower().rstrip(".") for host in value]

    @field_validator("relay_url", mode="before")
    @classmethod
    def _relay_url(cls, value: object) -> object:
        # An empty value (`relay_url = ""`, an emptied form field) means "no relay".
        if isinstance(value, str):
            return _http_url(value, "relay_url") if value.strip() else None
        return value

    @field_validator("tmdb_base_url", "tvdb_base_url")
    @classmethod
    def _base_url(cls, value: str, info: ValidationInfo) -> str:
        return _http_url(value, info.field_name or "url")

    @field_validator("tmdb_api_key", "tvdb_api_key", mode="before")
    @classmethod
    def _blank_key_is_no_key(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            if any(char.isspace() for char in value):
                raise ValueError("an API key has no spaces in it; paste the key alone")
        return value

    @property
    def has_keys(self) -> bool:
        return self.tmdb_api_key is not None or self.tvdb_api_key is not None

    @property
    def source_kind(self) -> str | None:
        """ "keys" (the built-in relay), "relay" (a relay URL) or None (no source)."""
        if self.has_keys:
            return "keys"
        return "relay" if self.relay_url else None
