"""Prowlarr mode: list Prowlarr's indexers through its API and search each one directly.

Prowlarr serves every indexer it manages as a Newznab/Torznab endpoint at <url>/<id>/api,
taking Prowlarr's own API key; searching them one by one (rather than Prowlarr's aggregate
search) keeps a separate timeout and a separate error for each of them.
"""

import logging
from typing import Any

import httpx

from media_manager.indexer.config import ProwlarrSettings
from media_manager.indexer.exceptions import ProwlarrUnavailable
from media_manager.indexer.providers.base import IndexerDefinition

log = logging.getLogger(__name__)

DEFAULT_PRIORITY = 25


class ProwlarrClient:
    def __init__(self, http_client: httpx.AsyncClient, settings: ProwlarrSettings) -> None:
        self.http_client = http_client
        self.settings = settings

    async def indexers(self) -> list[IndexerDefinition]:
        """Every indexer Prowlarr manages, as a Newznab endpoint of its own."""
        assert self.settings.api_key is not None  # required by ProwlarrSettings when enabled
        api_key = self.settings.api_key.get_secret_value()
        url = f"{self.settings.url}/api/v1/indexer"
        try:
            response = await self.http_client.get(
                url, headers={"X-Api-Key": api_key}, timeout=self.settings.timeout_seconds
            )
        except httpx.TimeoutException:
            raise ProwlarrUnavailable(
                f"Prowlarr at {self.settings.url} did not answer within "
                f"{self.settings.timeout_seconds:g} s"
            ) from None
        except httpx.HTTPError as exc:
            log.warning("Cannot reach Prowlarr at %s: %s", self.settings.url, exc)
            raise ProwlarrUnavailable(
                f"Prowlarr at {self.settings.url} cannot be reached ({type(exc).__name__}); "
                "check indexer.prowlarr.url"
            ) from None
        if response.status_code == 401:
            raise ProwlarrUnavailable(
                f"Prowlarr at {self.settings.url} refused the API key; "
                "check indexer.prowlarr.api_key"
            )
        if response.is_error:
            raise ProwlarrUnavailable(
                f"Prowlarr at {self.settings.url} answered HTTP {response.status_code}"
            )
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, list):
            raise ProwlarrUnavailable(
                f"Prowlarr at {self.settings.url} answered {url} with something that is not a "
                "list of indexers; is this Prowlarr?"
            )
        return [
            definition
            for item in body
            if (definition := self._definition(item, api_key)) is not None
        ]

    def _definition(self, item: Any, api_key: str) -> IndexerDefinition | None:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int):
            return None
        protocol = item.get("protocol")
        priority = item.get("priority")
        return IndexerDefinition(
            name=str(item.get("name") or f"Prowlarr #{item['id']}"),
            source="prowlarr",
            endpoint=f"{self.settings.url}/{item['id']}/api",
            api_key=api_key,
            categories=tuple(self.settings.categories),
            priority=min(max(priority, 1), 50) if isinstance(priority, int) else DEFAULT_PRIORITY,
            enabled=bool(item.get("enable", True))
            and item.get("supportsSearch", True) is not False,
            timeout_seconds=self.settings.timeout_seconds,
            protocol=protocol if protocol in ("torrent", "usenet") else None,
        )
