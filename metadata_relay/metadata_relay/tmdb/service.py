import asyncio
import logging
from collections.abc import Callable
from functools import partial
from typing import Any, Literal, TypeVar

import requests
import tmdbsimple
from pydantic import SecretStr
from tmdbsimple.base import TMDB

from metadata_relay.errors import (
    ProviderNotConfigured,
    UpstreamBadResponse,
    UpstreamTimeout,
    error_for_status,
)

log = logging.getLogger(__name__)

PROVIDER = "TMDB"

TimeWindow = Literal["day", "week"]
# The ids TMDB's /find resolves that a media library's folder names carry.
ExternalSource = Literal["imdb_id", "tvdb_id"]
_Endpoint = TypeVar("_Endpoint", bound=TMDB)


class TmdbService:
    """TMDB lookups through tmdbsimple, run in worker threads because tmdbsimple blocks."""

    def __init__(self, api_key: SecretStr | None, base_url: str, timeout_seconds: float) -> None:
        self._api_key = api_key.get_secret_value() if api_key else None
        self._base_url = base_url
        self._timeout_seconds = timeout_seconds

    @property
    def configured(self) -> bool:
        return self._api_key is not None

    def ensure_configured(self) -> None:
        if not self.configured:
            raise ProviderNotConfigured("TMDB is not configured on this relay: set TMDB_API_KEY")

    async def search_tv(self, query: str, page: int, language: str | None) -> dict[str, Any]:
        """Search TV shows by name."""
        search = self._endpoint(tmdbsimple.Search())
        return await self._call(
            "/search/tv", lambda: search.tv(query=query, page=page, language=language)
        )

    async def search_movies(
        self, query: str, page: int, language: str | None, year: int | None
    ) -> dict[str, Any]:
        """Search movies by title, optionally narrowed to a release year."""
        search = self._endpoint(tmdbsimple.Search())
        return await self._call(
            "/search/movie",
            lambda: search.movie(query=query, page=page, language=language, year=year),
        )

    async def trending(
        self,
        media_type: Literal["tv", "movie"],
        time_window: TimeWindow,
        page: int,
        language: str | None,
    ) -> dict[str, Any]:
        """Trending TV shows or movies for the day or the week."""
        trending = self._endpoint(tmdbsimple.Trending(media_type, time_window))
        return await self._call(
            f"/trending/{media_type}/{time_window}",
            lambda: trending.info(page=page, language=language),
        )

    async def tv_details(self, tv_id: int, language: str | None) -> dict[str, Any]:
        """A TV show's details, seasons included, with external ids and alternative titles."""
        tv = self._endpoint(tmdbsimple.TV(tv_id))
        return await self._call(
            f"/tv/{tv_id}",
            lambda: tv.info(
                append_to_response="external_ids,alternative_titles", language=language
            ),
        )

    async def season_details(
        self, tv_id: int, season_number: int, language: str | None
    ) -> dict[str, Any]:
        """One season of a TV show with its episodes."""
        season = self._endpoint(tmdbsimple.TV_Seasons(tv_id, season_number))
        return await self._call(
            f"/tv/{tv_id}/season/{season_number}", lambda: season.info(language=language)
        )

    async def movie_details(self, movie_id: int, language: str | None) -> dict[str, Any]:
        """A movie's details with external ids, per-country release dates and alternative titles."""
        movie = self._endpoint(tmdbsimple.Movies(movie_id))
        return await self._call(
            f"/movie/{movie_id}",
            lambda: movie.info(
                append_to_response="external_ids,release_dates,alternative_titles",
                language=language,
            ),
        )

    async def find(
        self, external_id: str, external_source: ExternalSource, language: str | None
    ) -> dict[str, Any]:
        """Movies and shows (and people, episodes) known by another database's id."""
        find = self._endpoint(tmdbsimple.Find(external_id))
        return await self._call(
            f"/find/{external_id}",
            lambda: find.info(external_source=external_source, language=language),
        )

    def _endpoint(self, endpoint: _Endpoint) -> _Endpoint:
        # tmdbsimple hard-codes its base URL and takes the timeout from a module global; both
        # are plain instance attributes set in its constructor, so override them per object.
        endpoint.base_uri = self._base_url
        endpoint.timeout = self._timeout_seconds
        # tmdbsimple reads the key from a module global at request time. MediaManager runs
        # relays in its own process (one per set of keys, and one more to test unsaved keys),
        # so each endpoint object gets this relay's key instead of the shared global.
        endpoint._get_params = partial(_params_with_key, self._api_key)  # type: ignore[method-assign]
        return endpoint

    async def _call(self, path: str, request: Callable[[], Any]) -> dict[str, Any]:
        # `path` is TMDB's path without the query string, which holds the API key: log only it.
        self.ensure_configured()
        try:
            body = await asyncio.to_thread(request)
        except requests.HTTPError as exc:
            response = exc.response
            status_code = response.status_code if response is not None else 502
            retry_after = response.headers.get("Retry-After") if response is not None else None
            log.warning("TMDB answered HTTP %s for %s", status_code, path)
            raise error_for_status(PROVIDER, status_code, retry_after) from None
        except requests.Timeout:
            log.warning("TMDB did not answer %s within %s s", path, self._timeout_seconds)
            raise UpstreamTimeout(
                f"TMDB did not answer within {self._timeout_seconds:g} seconds"
            ) from None
        except requests.JSONDecodeError:
            log.warning("TMDB answered %s with a body that is not JSON", path)
            raise UpstreamBadResponse("TMDB answered with a body that is not JSON") from None
        except requests.RequestException as exc:
            # The exception text holds the request URL and with it the API key: never pass it on.
            log.warning(
                "Could not reach TMDB at %s for %s: %s", self._base_url, path, type(exc).__name__
            )
            raise UpstreamBadResponse("Could not reach TMDB") from None
        if not isinstance(body, dict):
            log.warning("TMDB answered %s with JSON that is not an object", path)
            raise UpstreamBadResponse("TMDB answered with an unexpected JSON shape")
        return body


def _params_with_key(api_key: str | None, params: dict[str, Any] | None) -> dict[str, Any]:
    """Query parameters as tmdbsimple's own `_get_params` makes them, with the given key."""
    values = {**(params or {}), "api_key": api_key}
    return {
        name: ("true" if value else "false") if isinstance(value, bool) else value
        for name, value in values.items()
    }
