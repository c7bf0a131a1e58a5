from typing import Annotated

from fastapi import Depends, Request

from metadata_relay.tvdb.service import TvdbService


def get_tvdb(request: Request) -> TvdbService:
    service: TvdbService = request.app.state.tvdb
    service.ensure_configured()
    return service


Tvdb = Annotated[TvdbService, Depends(get_tvdb)]
