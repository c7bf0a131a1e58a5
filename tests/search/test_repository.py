"""The library look-ups a search makes, on both databases."""

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.search.decisions import AbsoluteNumbering
from media_manager.search.repository import LibraryRepository
from media_manager.tv.models import Episode
from tests.metadata.relay import PAST
from tests.tv.factories import create_show


async def test_absolute_numbering_counts_regular_episodes_in_season_order(session: AsyncSession):
    # Seasons and episodes stored out of order, specials among them: the query orders them.
    show = await create_show(session, seasons={2: [PAST] * 2, 0: [PAST] * 3, 1: [], 3: [PAST]})
    season_1 = next(season for season in show.seasons if season.number == 1)
    session.add_all(
        Episode(season_id=season_1.id, number=number, title=f"Episode {number}", monitored=True)
        for number in (3, 1, 2)
    )
    await session.flush()
    await create_show(session, seasons={1: [PAST] * 5})

    rows = await LibraryRepository(session).regular_episodes(show.id)

    assert rows == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1)]
    numbering = AbsoluteNumbering(tuple(rows))
    assert numbering.lookup([3, 4, 6]) == ((1, 3), (2, 1), (3, 1))
    assert numbering.lookup([7]) is None
