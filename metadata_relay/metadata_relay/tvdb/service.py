import asyncio
import logging
from typing import Any, Literal

import httpx
from pydantic import SecretStr

from metadata_relay.errors import (
    ProviderNotConfigured,
    UpstreamBadResponse,
    UpstreamTimeout,
    error_for_status,
)

log = logging.getLogger(__name__)

PROVIDER = "TVDB"

SearchType = Literal["series", "movie"]

# TVDB pages episode lists 500 at a time; this bound only stops a misbehaving upstream from
# keeping the relay paging forever.
MAX_EPISODE_PAGES = 100


class TvdbService:
    """TVDB v4 lookups over the relay's shared HTTP client, with one cached bearer token."""

    def __init__(
        self,
        api_key: SecretStr | None,
        base_url: str,
        timeout_seconds: float,
        client: httpx.AsyncClient,
    ) -> None:
        self._api_key = api_key.get_secret_value() if api_key else None
        self._base_url = base_url
        self._timeout_seconds = timeout_seconds
        self._client = client
        self._token: str | None = None
        self._login_lock = asyncio.Lock()

    @property
    def configured(self) -> bool:
        return self._api_key is not None

    def ensure_configured(self) -> None:
        if not self.configured:
            raise ProviderNotConfigured("TVDB is not configured on this relay: set TVDB_API_KEY")

    async def search(
        self, query: str, search_type: SearchType | None, year: int | None, language: str | None
    ) -> dict[str, Any]:
        """Search series or movies by name."""
        params = {"query": query, "type": search_type, "year": year, "language": language}
        return await self._get("/search", params)

    async def series(self, series_id: int) -> dict[str, Any]:
        """A series' extended record (seasons, artwork, remote ids, ...)."""
        return await self._get(f"/series/{series_id}/extended")

    async def series_episodes(self, series_id: int, season: int | None) -> dict[str, Any]:
        """A series' episodes in aired (default) order, every page collected into one answer."""
        path = f"/series/{series_id}/episodes/default"
        first = await self._get(path, {"season": season, "page": 0})
        episodes = list(_episodes_of(first))
        body, page = first, 0
        while _next_link(body):
            page += 1
            if page >= MAX_EPISODE_PAGES:
                log.warning("TVDB series %s has more than %s episode pages", series_id, page)
                raise UpstreamBadResponse("TVDB kept paging past the relay's limit")
            body = await self._get(path, {"season": season, "page": page})
            episodes.extend(_episodes_of(body))
        links = {**(first.get("links") or {}), "next": None, "total_items": len(episodes)}
        return {**first, "data": {**first["data"], "episodes": episodes}, "links": links}

    async def movie(self, movie_id: int) -> dict[str, Any]:
        """A movie's extended record (release dates, runtime, remote ids, ...)."""
        return await self._get(f"/movies/{movie_id}/extended")

    async def _get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self.ensure_configured()
        query = {key: value for key, value in (params or {}).items() if value is not None}
        token = await self._current_token()
        response = await self._send("GET", path, params=query, token=token)
        if response.status_code == 401:
            # Tokens last about a month; after that TVDB refuses them, so log in again once.
            token = await self._current_token(stale=token)
            response = await self._send("GET", path, params=query, token=token)
        return _json_body(response)

    async def _current_token(self, stale: str | None = None) -> str:
        async with self._login_lock:
            # Whoever held the lock before us may already have replaced the stale token.
            if self._token is None or self._token == stale:
                self._token = await self._login()
            return self._token

    async def _login(self) -> str:
        response = await self._send("POST", "/login", json={"apikey": self._api_key})
        body = _json_body(response)
        token = (body.get("data") or {}).get("token")
        if not isinstance(token, str) or not token:
            raise UpstreamBadResponse("TVDB login answered without a token")
        log.info("Logged in to TVDB")
        return token

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        token: str | None = None,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else None
        try:
            return await self._client.request(
                method,
                f"{self._base_url}{path}",
                params=params,
                json=json,
                headers=headers,
                timeout=self._timeout_seconds,
            )
        except httpx.TimeoutException:
            log.warning("TVDB did not answer %s within %s s", path, self._timeout_seconds)
            raise UpstreamTimeout(
                f"TVDB did not answer within {self._timeout_seconds:g} seconds"
            ) from None
        except httpx.TransportError as exc:
            log.warning("Could not reach TVDB at %s: %s", self._base_url, exc)
            raise UpstreamBadResponse("Could not reach TVDB") from None


def _json_body(response: httpx.Response) -> dict[str, Any]:
    if response.is_error:
        log.warning("TVDB answered HTTP %s for %s", response.status_code, response.url.path)
        raise error_for_status(PROVIDER, response.status_code, response.headers.get("Retry-After"))
    try:
        body = response.json()
    except ValueError:
        log.warning("TVDB answered %s with a body that is not JSON", response.url.path)
        raise UpstreamBadResponse("TVDB answered with a body that is not JSON") from None
    if not isinstance(body, dict):
        raise UpstreamBadResponse("TVDB answered with an unexpected JSON shape")
    return body


def _episodes_of(body: dict[str, Any]) -> list[Any]:
    data = body.get("data")
    episodes = data.get("episodes") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(episodes, list | None):
        raise UpstreamBadResponse("TVDB answered with an unexpected JSON shape")
    return episodes or []


def _next_link(body: dict[str, Any]) -> bool:
    links = body.get("links")
    return isinstance(links, dict) and bool(links.get("next"))
