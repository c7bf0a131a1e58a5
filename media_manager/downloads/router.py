"""Grabbing search results and the activity they make: queue, history and blocklist.

Live progress is by polling: GET /activity/queue answers with an ETag and, when nothing changed
since the ETag sent in If-None-Match, with 304 and no body. The web app polls every few seconds.
"""

import hashlib
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Response, status

from media_manager.auth.dependencies import AdminUser, CurrentUser
from media_manager.core.dependencies import PageParamsDep
from media_manager.core.schemas import SIGNED_IN_ERRORS, Page, Storable, error_responses
from media_manager.downloads.dependencies import DownloadServiceDep
from media_manager.downloads.schemas import (
    BlocklistRead,
    BlocklistRequest,
    DownloadRead,
    DownloadStatusName,
    GrabRequest,
)

router = APIRouter(prefix="/activity", tags=["activity"], responses=SIGNED_IN_ERRORS)

ClientName = Annotated[str | None, Query(min_length=1, max_length=100), Storable]
# What routes that call the download client answer besides their own errors.
CLIENT_CODES = (404, 502, 503)
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "The queue is unchanged since the ETag in If-None-Match"}
}


@router.post(
    "/queue",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(404, 409, 502, 503, 504),
)
async def grab(user: CurrentUser, service: DownloadServiceDep, data: GrabRequest) -> DownloadRead:
    """Download a result of a season, episode or movie search with a download client."""
    return await service.grab_result(data.result_id, data.episode_ids, user)


@router.get("/queue", response_model=Page[DownloadRead], responses=NOT_MODIFIED)
async def queue(
    user: CurrentUser,
    service: DownloadServiceDep,
    page: PageParamsDep,
    response: Response,
    download_status: Annotated[DownloadStatusName | None, Query(alias="status")] = None,
    show_id: uuid.UUID | None = None,
    movie_id: uuid.UUID | None = None,
    client: ClientName = None,
    if_none_match: Annotated[str | None, Header(max_length=200)] = None,
) -> Page[DownloadRead] | Response:
    """Downloads in progress, newest first; send If-None-Match to poll cheaply."""
    result = await service.page(
        "queue",
        user,
        page,
        status=download_status,
        show_id=show_id,
        movie_id=movie_id,
        client=client,
    )
    etag = '"' + hashlib.sha256(result.model_dump_json().encode()).hexdigest()[:32] + '"'
    if if_none_match is not None and etag in {tag.strip() for tag in if_none_match.split(",")}:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "no-cache"
    return result


@router.get("/history")
async def history(
    user: CurrentUser,
    service: DownloadServiceDep,
    page: PageParamsDep,
    download_status: Annotated[
        Literal["completed", "failed", "missing"] | None, Query(alias="status")
    ] = None,
    show_id: uuid.UUID | None = None,
    movie_id: uuid.UUID | None = None,
    client: ClientName = None,
) -> Page[DownloadRead]:
    """Finished downloads (completed, failed, missing), newest grab first."""
    return await service.page(
        "history",
        user,
        page,
        status=download_status,
        show_id=show_id,
        movie_id=movie_id,
        client=client,
    )


@router.get("/blocklist")
async def blocklist(
    _user: CurrentUser,
    service: DownloadServiceDep,
    page: PageParamsDep,
    show_id: uuid.UUID | None = None,
    movie_id: uuid.UUID | None = None,
) -> Page[BlocklistRead]:
    """Releases that are never grabbed again, newest first."""
    return await service.blocklist_page(page, show_id, movie_id)


@router.delete(
    "/blocklist/{entry_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(404),
)
async def unblock(_admin: AdminUser, service: DownloadServiceDep, entry_id: uuid.UUID) -> None:
    """Allow a blocklisted release to be grabbed again."""
    await service.unblock(entry_id)


@router.get("/{download_id}", responses=error_responses(404))
async def get_download(
    user: CurrentUser, service: DownloadServiceDep, download_id: uuid.UUID
) -> DownloadRead:
    """One download, as last reported by its client."""
    return await service.get(download_id, user)


@router.post("/{download_id}/pause", responses=error_responses(409, *CLIENT_CODES))
async def pause(
    user: CurrentUser, service: DownloadServiceDep, download_id: uuid.UUID
) -> DownloadRead:
    """Pause a download in its client."""
    return await service.pause(download_id, user)


@router.post("/{download_id}/resume", responses=error_responses(409, *CLIENT_CODES))
async def resume(
    user: CurrentUser, service: DownloadServiceDep, download_id: uuid.UUID
) -> DownloadRead:
    """Resume a paused download in its client."""
    return await service.resume(download_id, user)


@router.delete(
    "/{download_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(*CLIENT_CODES),
)
async def remove(
    user: CurrentUser,
    service: DownloadServiceDep,
    download_id: uuid.UUID,
    delete_data: Annotated[
        bool, Query(description="Also delete the downloaded files in the client")
    ] = False,
) -> None:
    """Remove a download from its client and from the activity."""
    await service.remove(download_id, user, delete_data=delete_data)


@router.post(
    "/{download_id}/blocklist",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(409, *CLIENT_CODES),
)
async def blocklist_download(
    user: CurrentUser,
    service: DownloadServiceDep,
    download_id: uuid.UUID,
    data: BlocklistRequest,
) -> BlocklistRead:
    """Blocklist a download's release and remove the download from its client."""
    return await service.blocklist_download(
        download_id, user, reason=data.reason, delete_data=data.delete_data
    )
