"""Shows and movies through the pipeline's one interface (library/media.py)."""

import uuid
from datetime import date

import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.library.exceptions import UnknownLibrary
from media_manager.library.items import MediaTarget, MediaUnit
from media_manager.library.media import MediaItems
from media_manager.movies.exceptions import MovieNotFound
from media_manager.movies.models import Movie
from media_manager.movies.repository import MovieRepository
from media_manager.parsing import parse_release
from media_manager.tv.exceptions import EpisodeNotFound, ShowNotFound
from tests.metadata.relay import FUTURE, PAST, TODAY
from tests.movies.factories import create_movie
from tests.tv.factories import create_show


def numbers(units: list[MediaUnit]) -> list[tuple[int | None, int | None]]:
    return [(unit.season, unit.episode) for unit in units]


async def test_a_show_and_a_movie_load_as_items_with_their_folders(
    session: AsyncSession, settings: Settings
):
    show = await create_show(
        session, name="Andor: A Star Wars Story", year=2022, tvdb_id=393189, imdb_id="tt9253284"
    )
    movie = await create_movie(session, title="Alien", year=1979, monitored=False)
    items = MediaItems(session)

    loaded_show = await items.load(MediaTarget("tv", show.id))
    loaded_movie = await items.load(MediaTarget("movie", movie.id))

    assert (loaded_show.kind, loaded_show.title, loaded_show.year) == (
        "tv",
        "Andor: A Star Wars Story",
        2022,
    )
    assert (loaded_show.tmdb_id, loaded_show.tvdb_id, loaded_show.imdb_id) == (
        show.tmdb_id,
        393189,
        "tt9253284",
    )
    assert (loaded_show.quality_profile, loaded_show.monitored) == ("default", True)
    assert loaded_show.library_root(settings) == settings.paths.tv
    assert loaded_show.folder(settings) == settings.paths.tv / "Andor - A Star Wars Story (2022)"
    assert (loaded_movie.kind, loaded_movie.title, loaded_movie.monitored) == (
        "movie",
        "Alien",
        False,
    )
    assert loaded_movie.folder(settings) == settings.paths.movies / "Alien (1979)"


async def test_a_show_whose_monitor_is_none_is_not_monitored(session: AsyncSession):
    show = await create_show(session, monitor="none")

    assert (await MediaItems(session).load(MediaTarget("tv", show.id))).monitored is False


async def test_item_in_a_library_no_longer_configured_loads_but_has_no_folder(
    session: AsyncSession, settings: Settings
):
    movie = await create_movie(session, library="gone")

    item = await MediaItems(session).load(MediaTarget("movie", movie.id))

    with pytest.raises(UnknownLibrary):
        item.folder(settings)


async def test_unknown_items_raise_their_kinds_not_found_error(session: AsyncSession):
    items = MediaItems(session)
    unknown = uuid.uuid4()

    with pytest.raises(ShowNotFound):
        await items.load(MediaTarget("tv", unknown))
    with pytest.raises(MovieNotFound):
        await items.load(MediaTarget("movie", unknown))
    with pytest.raises(ShowNotFound):
        await items.units(MediaTarget("tv", unknown), TODAY)
    with pytest.raises(MovieNotFound):
        await items.units(MediaTarget("movie", unknown), TODAY)
    with pytest.raises(ShowNotFound):
        await items.mark_has_file(MediaTarget("tv", unknown, (uuid.uuid4(),)))
    with pytest.raises(MovieNotFound):
        await items.mark_has_file(MediaTarget("movie", unknown, (unknown,)))


async def test_a_shows_wanted_units_are_its_monitored_aired_episodes_without_a_file(
    session: AsyncSession,
):
    # Season 0 (specials) is not monitored; in season 1 the first episode has a file, the
    # fourth is not aired yet and the fifth has no date.
    show = await create_show(
        session, seasons={1: [PAST, PAST, PAST, FUTURE, None], 0: [PAST]}, episodes_with_file=1
    )

    wanted = await MediaItems(session).units(MediaTarget("tv", show.id), TODAY)

    assert numbers(wanted) == [(1, 2), (1, 3)]
    assert all(unit.item_id == show.id and unit.monitored for unit in wanted)
    assert [unit.title for unit in wanted] == ["Episode 2", "Episode 3"]
    assert [unit.air_date for unit in wanted] == [PAST, PAST]


async def test_a_movies_wanted_unit_is_the_movie_once_released_and_while_without_a_file(
    session: AsyncSession,
):
    released = await create_movie(session)
    coming = await create_movie(session, release_date=FUTURE)
    undated = await create_movie(session, release_date=None)
    with_file = await create_movie(session, has_file=True)
    unmonitored = await create_movie(session, monitored=False)
    items = MediaItems(session)

    wanted = await items.units(MediaTarget("movie", released.id), TODAY)

    assert wanted == [
        MediaUnit(released.id, released.id, None, None, released.title, PAST, True, False)
    ]
    for movie in (coming, undated, with_file, unmonitored):
        assert await items.units(MediaTarget("movie", movie.id), TODAY) == []


async def test_a_target_naming_units_gets_exactly_those_even_when_not_wanted(
    session: AsyncSession,
):
    show = await create_show(session, seasons={1: [PAST, FUTURE]})
    items = MediaItems(session)
    all_units = await items.adapter("tv").units(show.id)
    future = all_units[1]

    units = await items.units(MediaTarget("tv", show.id, (future.id,)), TODAY)

    assert units == [future]
    assert numbers(all_units) == [(1, 1), (1, 2)]


async def test_a_unit_of_another_item_is_refused(session: AsyncSession):
    show = await create_show(session)
    other_show = await create_show(session)
    movie = await create_movie(session)
    other_movie = await create_movie(session)
    items = MediaItems(session)
    [other_episode] = await items.adapter("tv").units(other_show.id)

    with pytest.raises(EpisodeNotFound):
        await items.units(MediaTarget("tv", show.id, (other_episode.id,)), TODAY)
    with pytest.raises(EpisodeNotFound):
        await items.mark_has_file(MediaTarget("tv", show.id, (other_episode.id,)))
    with pytest.raises(MovieNotFound):
        await items.units(MediaTarget("movie", movie.id, (other_movie.id,)), TODAY)
    with pytest.raises(MovieNotFound):
        await items.mark_has_file(MediaTarget("movie", movie.id, (other_movie.id,)))

    assert not (await items.adapter("tv").units(other_show.id))[0].has_file
    assert not (await items.adapter("movie").units(other_movie.id))[0].has_file


async def test_marking_episodes_as_having_a_file_takes_them_off_the_wanted_list(
    session: AsyncSession,
):
    show = await create_show(session, seasons={1: [PAST, PAST, PAST]})
    items = MediaItems(session)
    first, second, third = await items.adapter("tv").units(show.id)

    await items.mark_has_file(MediaTarget("tv", show.id, (first.id, third.id)))

    wanted = await items.units(MediaTarget("tv", show.id), TODAY)
    assert [unit.id for unit in wanted] == [second.id]
    assert [unit.has_file for unit in await items.adapter("tv").units(show.id)] == [
        True,
        False,
        True,
    ]

    await items.mark_has_file(MediaTarget("tv", show.id, (first.id,)), has_file=False)

    assert numbers(await items.units(MediaTarget("tv", show.id), TODAY)) == [(1, 1), (1, 2)]


async def test_marking_the_movie_as_having_a_file_takes_it_off_the_wanted_list(
    session: AsyncSession,
):
    movie = await create_movie(session)
    items = MediaItems(session)

    await items.mark_has_file(MediaTarget("movie", movie.id, (movie.id,)))

    assert await items.units(MediaTarget("movie", movie.id), TODAY) == []
    [unit] = await items.adapter("movie").units(movie.id)
    assert unit.has_file is True


@pytest.mark.parametrize(
    ("release", "expected"),
    [
        ("Breaking.Bad.S02E01.1080p.WEB-DL.DDP5.1.H.264-GRP", [(2, 1)]),
        ("Breaking.Bad.S01E02E03.720p.HDTV.x264-GRP", [(1, 2), (1, 3)]),
        ("Breaking.Bad.S01.1080p.BluRay.x264-GRP", [(1, 1), (1, 2), (1, 3)]),
        ("Breaking.Bad.S01-S02.1080p.BluRay.x264-GRP", [(1, 1), (1, 2), (1, 3), (2, 1)]),
        ("Breaking.Bad.2015.01.06.1080p.WEB.h264-GRP", [(1, 2)]),
        ("Breaking Bad - 04 [1080p]", [(2, 1)]),
        ("Breaking.Bad.S05E01.1080p.WEB-DL-GRP", []),
        ("Better.Call.Saul.S01E01.1080p.WEB-DL-GRP", []),
    ],
)
async def test_a_release_matches_the_episodes_it_holds(
    session: AsyncSession, release: str, expected: list[tuple[int, int]]
):
    show = await create_show(
        session,
        name="Breaking Bad",
        seasons={
            1: [date(2015, 1, 5), date(2015, 1, 6), date(2015, 1, 7)],
            2: [date(2016, 1, 5)],
            0: [date(2015, 12, 1)],
        },
    )

    matched = await MediaItems(session).matching(MediaTarget("tv", show.id), parse_release(release))

    assert numbers(matched) == expected


@pytest.mark.parametrize(
    ("release", "matches"),
    [
        ("Alien.1979.Directors.Cut.1080p.BluRay.x264-GRP", True),
        ("Alien.1980.1080p.BluRay.x264-GRP", True),
        ("Alien.1080p.BluRay.x264-GRP", True),
        ("Alien.2003.1080p.BluRay.x264-GRP", False),
        ("Alien.S01E01.1080p.WEB-DL-GRP", False),
        ("Aliens.1986.1080p.BluRay.x264-GRP", False),
    ],
)
async def test_a_release_matches_the_movie_by_title_and_year(
    session: AsyncSession, release: str, matches: bool
):
    movie = await create_movie(session, title="Alien", year=1979)

    matched = await MediaItems(session).matching(
        MediaTarget("movie", movie.id), parse_release(release)
    )

    assert [unit.id for unit in matched] == ([movie.id] if matches else [])


async def test_an_item_deleted_meanwhile_is_gone_although_the_session_loaded_it(
    session: AsyncSession,
):
    # A refresh loads the item, ends its transaction, waits for the relay, then loads it again
    # to update it: by then it may have been deleted, which must read as "not found".
    movie = await create_movie(session)
    await session.execute(
        delete(Movie).where(Movie.id == movie.id).execution_options(synchronize_session=False)
    )

    assert await MovieRepository(session).get(movie.id) is None


async def test_a_shows_matcher_agrees_with_match_for_every_kind_of_release(session: AsyncSession):
    show = await create_show(
        session,
        name="Breaking Bad",
        seasons={
            1: [date(2015, 1, 5), date(2015, 1, 6), date(2015, 1, 7)],
            2: [date(2016, 1, 5), date(2016, 1, 5)],
            0: [date(2015, 12, 1)],
        },
    )
    items = MediaItems(session)
    adapter = items.adapter("tv")
    item = await adapter.load(show.id)
    units = await adapter.units(show.id)
    # Out of order, as a caller may pass them: the matcher keeps the order it was given.
    shuffled = list(reversed(units))
    releases = [
        "Breaking.Bad.S01E02.720p.HDTV",
        "Breaking.Bad.S01E01E02E03.720p.HDTV",
        "Breaking.Bad.S01E03-E01.720p",
        "Breaking.Bad.S01.S02.720p",
        "Breaking.Bad.S02E01.S01E02.720p",
        "Breaking Bad - 02 [1080p]",
        "Breaking.Bad.S03E01.720p",
        "Breaking.Bad.S00E01.720p",
        "Breaking.Bad.2016.01.05.720p",
        "[Group] Breaking Bad - 4 [1080p]",
        "Breaking.Bad.Complete.720p",
    ]
    for units_given in (units, shuffled):
        match = adapter.matcher(item, units_given)
        for name in releases:
            release = parse_release(name)
            assert match(release) == adapter.match(item, units_given, release), name
    assert numbers(adapter.matcher(item, shuffled)(parse_release("Breaking.Bad.S01E01E02"))) == [
        (1, 2),
        (1, 1),
    ]
