from typing import Annotated

from fastapi import Depends, Query, Request

from metadata_relay.tmdb.service import TmdbService


def get_tmdb(request: Request) -> TmdbService:
    service: TmdbService = request.app.state.tmdb
    service.ensure_configured()
    return service


Tmdb = Annotated[TmdbService, Depends(get_tmdb)]

SearchQuery = Annotated[str, Query(min_length=1, description="Words to search for")]
PageNumber = Annotated[int, Query(ge=1, le=500, description="Result page, from 1")]
Language = Annotated[
    str | None,
    Query(
        min_length=2,
        max_length=10,
        description="Language of titles and overviews, for example `en-US` or `de`",
    ),
]
