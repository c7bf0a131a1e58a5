"""Settings of the metadata lookups."""

from pydantic import Field, field_validator

from media_manager.core.config import Section

# A placeholder on a reserved top-level domain: nothing answers there, so an unconfigured
# install fails with a message pointing at metadata.relay_url instead of silently using a
# server nobody chose.
DEFAULT_RELAY_URL = "https://metadata-relay.mediamanager.invalid"


class MetadataSettings(Section):
    # Where the metadata relay (the metadata_relay/ package, run by you) listens.
    relay_url: str = DEFAULT_RELAY_URL
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

    @field_validator("relay_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")
