"""Settings of automation: what runs by itself, how often, and how gently toward indexers."""

from pydantic import Field, model_validator

from media_manager.core.config import Section
from media_manager.indexer.service import PaceRules


class AutomationSettings(Section):
    # Off: nothing is searched or grabbed by itself (search now and wanted searches still work).
    enabled: bool = True
    # Minutes between two reads of every indexer's feed of recent releases.
    rss_interval_minutes: int = Field(15, ge=5, le=24 * 60)
    # Hours after the start of an episode's air date (UTC) before it is searched the first time.
    search_after_air_hours: float = Field(0.0, ge=0, le=24 * 14)
    # An item counts as newly aired or released for this many days, then the sweep takes it.
    new_window_days: int = Field(7, ge=1, le=365)
    # Older wanted items searched per tick of automation.search_new, least recently searched first.
    sweep_size: int = Field(10, ge=0, le=1000)
    # An item is searched by the sweep at most once in this many hours.
    sweep_every_hours: float = Field(24.0, gt=0, le=24 * 90)
    # Remove a failed download (and its data) from its client after blocklisting it.
    remove_failed_from_client: bool = True
    # Remove imported downloads from their clients: usenet ones at once, torrents once they
    # reach a seeding goal below (with neither goal set, torrents stay). Their data goes too,
    # except with importer.placement = "symlink", whose library files point into it.
    remove_completed: bool = False
    # Seeding goals: the ratio, or the hours since the download completed, whichever comes first.
    seed_ratio_goal: float | None = Field(None, gt=0, le=1000)
    seed_hours_goal: float | None = Field(None, gt=0, le=24 * 3650)
    # Automatic work waits this long between two requests to one indexer.
    indexer_min_interval_seconds: float = Field(2.0, ge=0, le=600)
    # An indexer that failed is left alone for this long, doubling per failure in a row.
    indexer_backoff_minutes: float = Field(1.0, gt=0, le=24 * 60)
    indexer_backoff_max_hours: float = Field(6.0, gt=0, le=7 * 24)
    # Automation decisions older than this are deleted.
    decisions_keep_days: int = Field(30, ge=1, le=3650)

    @model_validator(mode="after")
    def _backoff_order(self) -> "AutomationSettings":
        if self.indexer_backoff_minutes > self.indexer_backoff_max_hours * 60:
            raise ValueError("indexer_backoff_minutes must not exceed indexer_backoff_max_hours")
        return self

    @property
    def pace(self) -> PaceRules:
        return PaceRules(
            min_interval_seconds=self.indexer_min_interval_seconds,
            backoff_seconds=self.indexer_backoff_minutes * 60,
            backoff_max_seconds=self.indexer_backoff_max_hours * 3600,
        )
