"""Shows seeded straight into the database, for tests about reading them."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.tv.models import Episode, Season, Show
from tests.metadata.relay import PAST

_next_id = iter(range(900_000, 1_000_000))


async def create_show(
    session: AsyncSession,
    *,
    seasons: dict[int, list[date | None]] | None = None,
    episodes_with_file: int = 0,
    **overrides: Any,
) -> Show:
    """A show with one episode per air date; the first `episodes_with_file` have a file."""
    external_id = next(_next_id)
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "metadata_provider": "tmdb",
        "external_id": external_id,
        "tmdb_id": external_id,
        "name": f"Show {external_id}",
        "year": 2015,
        "status": "continuing",
        "genres": ["Drama"],
        "library": "default",
        "quality_profile": "default",
        "monitor": "all",
        "added_at": now,
        "last_refreshed_at": now,
    } | overrides
    show = Show(**values, seasons=[])
    files_left = episodes_with_file
    for number, air_dates in (seasons if seasons is not None else {1: [PAST]}).items():
        season = Season(number=number, name=f"Season {number}", monitored=number > 0, episodes=[])
        for episode_number, air_date in enumerate(air_dates, start=1):
            has_file = files_left > 0
            files_left -= has_file
            season.episodes.append(
                Episode(
                    number=episode_number,
                    title=f"Episode {episode_number}",
                    air_date=air_date,
                    monitored=number > 0,
                    has_file=has_file,
                )
            )
        show.seasons.append(season)
    session.add(show)
    await session.commit()
    return show
