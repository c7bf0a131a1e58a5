"""Movies seeded straight into the database, for tests about reading them."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.movies.models import Movie
from tests.metadata.relay import PAST

_next_id = iter(range(900_000, 1_000_000))


async def create_movie(session: AsyncSession, **overrides: Any) -> Movie:
    external_id = next(_next_id)
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "metadata_provider": "tmdb",
        "external_id": external_id,
        "tmdb_id": external_id,
        "title": f"Movie {external_id}",
        "year": PAST.year,
        "release_date": PAST,
        "genres": ["Drama"],
        "library": "default",
        "quality_profile": "default",
        "monitored": True,
        "has_file": False,
        "added_at": now,
        "last_refreshed_at": now,
    } | overrides
    movie = Movie(**values)
    session.add(movie)
    await session.commit()
    return movie
