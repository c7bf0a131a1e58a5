"""Dependencies every domain uses. The settings dependency is app level: media_manager.config."""

from typing import Annotated

import httpx
from fastapi import BackgroundTasks, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.database import get_session
from media_manager.core.jobs import AfterResponse
from media_manager.core.schemas import MAX_PAGE, MAX_PAGE_SIZE, PageParams


async def get_http_client(request: Request) -> httpx.AsyncClient:
    return request.app.state.http_client


async def get_after_response(request: Request, background: BackgroundTasks) -> AfterResponse:
    return AfterResponse(request.app.state.task_runner, background)


async def get_page_params(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


# scope="function": the commit happens before the response is sent, so a failed commit is an
# error the client sees rather than a success that was never saved.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
HttpClientDep = Annotated[httpx.AsyncClient, Depends(get_http_client)]
PageParamsDep = Annotated[PageParams, Depends(get_page_params)]
AfterResponseDep = Annotated[AfterResponse, Depends(get_after_response)]
