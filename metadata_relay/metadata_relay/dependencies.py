from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request, Response

from metadata_relay.cache import ResponseCache

JSONObject = dict[str, Any]


def cache_key(request: Request) -> str:
    """Path plus query parameters in a stable order, so `?a=1&b=2` and `?b=2&a=1` share."""
    query = sorted(request.query_params.multi_items())
    return f"{request.url.path}?{urlencode(query)}" if query else request.url.path


def wants_fresh(request: Request) -> bool:
    """`Cache-Control: no-cache`: the caller wants what upstream says now, not a cached answer."""
    directives = request.headers.get("Cache-Control", "").lower().split(",")
    return "no-cache" in (directive.strip() for directive in directives)


class CachedFetch:
    """Answers a request from the cache, or through `fetch` on a miss (`X-Cache` tells which)."""

    def __init__(
        self, cache: ResponseCache, key: str, response: Response, *, fresh: bool = False
    ) -> None:
        self._cache = cache
        self._key = key
        self._response = response
        self._fresh = fresh

    async def __call__(self, fetch: Callable[[], Awaitable[JSONObject]]) -> JSONObject:
        value, hit = await self._cache.get_or_fetch(self._key, fetch, fresh=self._fresh)
        self._response.headers["X-Cache"] = "hit" if hit else "miss"
        return value


def get_cached_fetch(request: Request, response: Response) -> CachedFetch:
    return CachedFetch(
        request.app.state.cache, cache_key(request), response, fresh=wants_fresh(request)
    )


Cached = Annotated[CachedFetch, Depends(get_cached_fetch)]
