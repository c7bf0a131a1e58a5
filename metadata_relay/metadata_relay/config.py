from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_TMDB_BASE_URL = "https://api.themoviedb.org/3"
DEFAULT_TVDB_BASE_URL = "https://api4.thetvdb.com/v4"


class Settings(BaseSettings):
    """Relay settings, read from plain environment variables (no prefix)."""

    model_config = SettingsConfigDict(extra="ignore")

    tmdb_api_key: SecretStr | None = None
    tmdb_base_url: str = DEFAULT_TMDB_BASE_URL
    tvdb_api_key: SecretStr | None = None
    tvdb_base_url: str = DEFAULT_TVDB_BASE_URL
    relay_cache_ttl_seconds: float = Field(default=3600, ge=0)
    relay_cache_max_entries: int = Field(default=2048, ge=0)
    relay_upstream_timeout_seconds: float = Field(default=10, gt=0)

    @field_validator("tmdb_api_key", "tvdb_api_key", mode="before")
    @classmethod
    def _blank_key_is_no_key(cls, value: object) -> object:
        # `TMDB_API_KEY=` in a compose file means "not set", not "an empty key".
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("tmdb_base_url", "tvdb_base_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")
