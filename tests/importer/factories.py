"""Media files as the importer records them, for tests of what reads them."""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.importer.models import MediaFile, media_file_episodes


async def create_media_file(
    session: AsyncSession,
    *,
    quality: str,
    movie_id: uuid.UUID | None = None,
    show_id: uuid.UUID | None = None,
    episode_ids: Sequence[uuid.UUID] = (),
    library: str = "default",
    path: str | None = None,
    **overrides: object,
) -> MediaFile:
    media_file = MediaFile(
        id=uuid.uuid4(),
        kind="movie" if movie_id is not None else "tv",
        show_id=show_id,
        movie_id=movie_id,
        library=library,
        path=path or f"files/{uuid.uuid4().hex}.mkv",
        size=1_000_000,
        quality=quality,
        version_tag="",
        languages=[],
        added_at=datetime.now(UTC),
        **overrides,
    )
    session.add(media_file)
    await session.flush()
    if episode_ids:
        await session.execute(
            insert(media_file_episodes),
            [{"media_file_id": media_file.id, "episode_id": e} for e in episode_ids],
        )
    return media_file
