"""Which quality profile shows and movies get when theirs is not set or no longer exists."""

from pydantic import Field

from media_manager.core.config import Section


class ProfileSettings(Section):
    # Profile names, as in GET /api/v1/profiles; shows and movies whose profile is "default" or
    # names a profile that was deleted use these.
    default_tv: str = Field("HD-1080p", min_length=1, max_length=100)
    default_movies: str = Field("HD-1080p", min_length=1, max_length=100)
