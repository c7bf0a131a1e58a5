"""How long search results are kept so that a download can refer to them."""

from pydantic import Field

from media_manager.core.config import Section


class SearchSettings(Section):
    # A purge job removes results older than this; a download must happen before.
    results_ttl_hours: float = Field(24.0, gt=0, le=24 * 30)
