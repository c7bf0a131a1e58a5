"""Serving stored posters with caching headers."""

from fastapi import Request, Response, status
from fastapi.responses import FileResponse

from media_manager.images.service import PosterFile

# Private: posters are only shown to signed-in users. A day is short enough for a refreshed
# poster to show up, and the ETag makes revalidation after that a cheap 304.
CACHE_CONTROL = "private, max-age=86400"


def poster_response(request: Request, poster: PosterFile) -> Response:
    response = FileResponse(
        poster.path,
        media_type=poster.media_type,
        stat_result=poster.stat,
        headers={"Cache-Control": CACHE_CONTROL},
    )
    etag = response.headers["etag"]
    if_none_match = request.headers.get("if-none-match", "")
    if etag in {tag.strip() for tag in if_none_match.split(",")} or if_none_match.strip() == "*":
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return response
