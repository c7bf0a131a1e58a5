import uuid
from datetime import datetime

from media_manager.core.schemas import Schema
from media_manager.indexer.schemas import IndexerResult, IndexerStatus


class SearchResultRead(IndexerResult):
    """An indexer result with its verdict; the id stays valid until the search expires."""

    id: uuid.UUID
    # A quality id of GET /api/v1/profiles/qualities, and its label.
    quality: str
    quality_label: str
    accepted: bool
    # Why the result is rejected, in plain words; empty when it is accepted.
    reasons: list[str]
    score: int
    score_details: list[str]


class TorrentSearchResponse(Schema):
    # The quality profile the results were judged by.
    profile: str
    expires_at: datetime
    # Accepted first, then the best fit, the profile's quality order, score and seeders.
    results: list[SearchResultRead]
    indexers: list[IndexerStatus]
