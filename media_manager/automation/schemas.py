import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from media_manager.core.schemas import InputSchema, Schema

Outcome = Literal["grabbed", "nothing", "skipped", "failed", "blocklisted"]
Trigger = Literal["new", "sweep", "upgrade", "rss", "search_now", "wanted", "failed_download"]
WantedKind = Literal["tv", "movie"]
# Largest selection one request may queue; "all" has no limit.
MAX_SELECTION = 1000


class WantedRead(Schema):
    kind: WantedKind
    # The episode's id, or the movie's own id.
    unit_id: uuid.UUID
    # The show's or the movie's id.
    item_id: uuid.UUID
    title: str
    year: int | None
    season_number: int | None
    episode_number: int | None
    episode_title: str | None
    # The episode's air date or the movie's release date.
    air_date: date | None
    last_searched_at: datetime | None
    # /wanted/cutoff: the quality of the file present (a quality id of /profiles/qualities).
    current_quality: str | None = None


class WantedSearchRequest(InputSchema):
    """Which wanted units to search: some by id, or all of a list."""

    unit_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_SELECTION)
    all: bool = False
    # The list the units come from; an upgrade search looks for better releases only.
    which: Literal["missing", "cutoff"] = "missing"

    @model_validator(mode="after")
    def _something(self) -> "WantedSearchRequest":
        if self.all == bool(self.unit_ids):
            raise ValueError("give unit_ids, or all = true (not both)")
        return self


class WantedSearchQueued(Schema):
    queued: int
    # Follow it at GET /api/v1/system/jobs (running, progress) and in /automation/decisions.
    job_id: str
    message: str


class DecisionRead(Schema):
    id: uuid.UUID
    created_at: datetime
    trigger: Trigger
    outcome: Outcome
    kind: WantedKind
    show_id: uuid.UUID | None
    movie_id: uuid.UUID | None
    season_number: int | None
    episode_number: int | None
    subject: str
    message: str
    release_title: str | None
    indexer: str | None
    download_id: uuid.UUID | None
    # The best rejected results with their reasons, releases skipped and why, indexer errors.
    details: dict[str, Any]


class SearchNowResult(Schema):
    """What an automatic search decided, one decision per season, episode or movie searched."""

    grabbed: int
    decisions: list[DecisionRead]


class IndexerHealthRead(Schema):
    name: str
    failures: int
    last_error: str | None
    failed_at: datetime | None
    # Automatic searches and RSS sync leave the indexer alone until then.
    backing_off_until: datetime | None
