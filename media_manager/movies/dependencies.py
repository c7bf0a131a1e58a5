import uuid
from typing import Annotated

from fastapi import Depends

from media_manager.auth.dependencies import CurrentUser
from media_manager.config import SettingsDep
from media_manager.core.dependencies import SessionDep
from media_manager.metadata.dependencies import MetadataServiceDep
from media_manager.movies.models import Movie
from media_manager.movies.service import MovieService


async def get_movie_service(
    session: SessionDep, settings: SettingsDep, metadata: MetadataServiceDep
) -> MovieService:
    return MovieService(session, settings, metadata)


MovieServiceDep = Annotated[MovieService, Depends(get_movie_service)]


async def get_movie(movie_id: uuid.UUID, _user: CurrentUser, service: MovieServiceDep) -> Movie:
    # Depends on the user so that an anonymous caller learns nothing about which ids exist.
    return await service.get(movie_id)


MovieDep = Annotated[Movie, Depends(get_movie)]
