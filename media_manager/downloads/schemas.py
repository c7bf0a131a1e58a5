import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from media_manager.core.schemas import InputSchema, Schema, Storable

DownloadStatusName = Literal[
    "queued", "downloading", "stalled", "paused", "completed", "failed", "missing"
]


class GrabRequest(InputSchema):
    # The id of a result of GET /api/v1/tv/torrents or /api/v1/movies/{movie_id}/torrents.
    result_id: uuid.UUID
    # TV only: the episodes the release is for. Left out, they are read from the release name
    # (a season pack: the season's episodes; an episode: that episode).
    episode_ids: list[uuid.UUID] | None = Field(None, max_length=5000)


class DownloadRead(Schema):
    id: uuid.UUID
    client: str
    client_item_id: str
    protocol: Literal["torrent", "usenet"]
    # The release name.
    title: str
    indexer: str | None
    # The indexer's page of the release, without credentials.
    info_url: str | None
    info_hash: str | None
    quality: str | None
    status: DownloadStatusName
    progress: float
    size: int | None
    downloaded: int | None
    download_speed: int | None
    upload_speed: int | None
    eta_seconds: int | None
    ratio: float | None
    # Where the client says the content is, and that path as this server sees it.
    content_path: str | None
    local_path: str | None
    error: str | None
    kind: Literal["tv", "movie"]
    show_id: uuid.UUID | None
    movie_id: uuid.UUID | None
    season_number: int | None
    episode_ids: list[uuid.UUID]
    grabbed_by: uuid.UUID | None
    grabbed_at: datetime
    completed_at: datetime | None
    updated_at: datetime


class BlocklistRequest(InputSchema):
    reason: Annotated[str, Field(min_length=1, max_length=500), Storable] = "blocklisted by hand"
    # Also delete what was downloaded (the download is removed from its client either way).
    delete_data: bool = False


class BlocklistRead(Schema):
    id: uuid.UUID
    title: str
    info_hash: str | None
    indexer: str | None
    protocol: Literal["torrent", "usenet"]
    reason: str
    kind: Literal["tv", "movie"]
    show_id: uuid.UUID | None
    movie_id: uuid.UUID | None
    added_by: uuid.UUID | None
    added_at: datetime
