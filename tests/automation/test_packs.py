"""Packs spanning seasons and anime numbered from the first episode, in RSS and wanted searches."""

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.automation.tasks import rss_sync, search_new
from media_manager.downloads.repository import DownloadRepository
from media_manager.tv.models import Show
from tests.automation.conftest import tv
from tests.automation.test_jobs import YESTERDAY, decisions, downloads, wanted_show
from tests.metadata.relay import PAST


async def episodes_of(session: AsyncSession, download_id) -> set[tuple[int, int]]:
    """(season, episode) of each episode a download is for."""
    [ids] = (await DownloadRepository(session).episode_ids([download_id])).values()
    show = await session.get(Show, (await downloads(session))[0].show_id)
    assert show is not None
    await session.refresh(show, ["seasons"])
    found = set()
    for season in show.seasons:
        await session.refresh(season, ["episodes"])
        found |= {(season.number, e.number) for e in season.episodes if e.id in ids}
    return found


THREE_SEASONS = {1: [PAST, PAST], 2: [PAST, PAST], 3: [PAST, PAST]}


async def test_rss_grabs_a_pack_spanning_seasons_only_when_each_season_is_wanted(
    context, clients, torznab, session: AsyncSession
):
    await wanted_show(session, with_file=2, seasons=THREE_SEASONS)  # season 1 is present
    spanning = tv("Show.Name.S02-S03.1080p.WEB-DL.H.264-PACK")
    torznab.indexers["tor"].releases += [
        tv("Show.Name.S01-S03.1080p.WEB-DL.H.264-ALL", seeders=500),
        tv("Show.Name.S02.1080p.WEB-DL.H.264-ONE", seeders=500),
        spanning,
    ]

    await rss_sync(context)

    [download] = await downloads(session)
    assert download.title == spanning.title
    assert await episodes_of(session, download.id) == {(2, 1), (2, 2), (3, 1), (3, 2)}
    [decision] = await decisions(session)
    assert decision.outcome == "grabbed"
    assert decision.subject == "Show Name seasons 2, 3"


async def test_rss_leaves_a_pack_spanning_seasons_when_one_is_partly_present(
    context, clients, torznab, session: AsyncSession
):
    await wanted_show(session, with_file=3, seasons=THREE_SEASONS)  # S02E01 is present
    torznab.indexers["tor"].releases.append(tv("Show.Name.S02-S03.1080p.WEB-DL.H.264-PACK"))

    await rss_sync(context)

    assert await downloads(session) == []


async def test_rss_maps_an_anime_absolute_number_to_its_episode(
    context, clients, torznab, session: AsyncSession
):
    # Absolute 4 is S02E02, the one episode without a file.
    await wanted_show(session, with_file=3, seasons={1: [PAST, PAST], 2: [PAST, YESTERDAY]})
    wanted = tv("[Grp] Show Name - 04 [WEB-DL 1080p]")
    torznab.indexers["tor"].releases += [tv("[Grp] Show Name - 02 [WEB-DL 1080p]"), wanted]

    await rss_sync(context)

    [download] = await downloads(session)
    assert download.title == wanted.title
    assert await episodes_of(session, download.id) == {(2, 2)}
    [decision] = await decisions(session)
    assert (decision.season_number, decision.episode_number) == (2, 2)


async def test_rss_takes_an_anime_batch_of_whole_seasons_as_their_pack(
    context, clients, torznab, session: AsyncSession
):
    await wanted_show(session, with_file=2, seasons=THREE_SEASONS)
    batch = tv("[Grp] Show Name - 03-06 [WEB-DL 1080p]")  # all of seasons 2 and 3
    torznab.indexers["tor"].releases += [tv("[Grp] Show Name - 01-04 [WEB-DL 1080p]"), batch]

    await rss_sync(context)

    [download] = await downloads(session)
    assert download.title == batch.title
    assert await episodes_of(session, download.id) == {(2, 1), (2, 2), (3, 1), (3, 2)}


async def test_wanted_search_refuses_a_pack_spanning_seasons_present(
    context, clients, torznab, session: AsyncSession
):
    await wanted_show(session, with_file=2, seasons={1: [PAST, PAST], 2: [PAST, PAST]})
    # Without the season 1 it holds, the pack would rank before a single episode.
    episode = tv("Show.Name.S02E01.1080p.WEB-DL.H.264-ONE", seeders=1)
    torznab.indexers["tor"].releases += [
        tv("Show.Name.S01-S02.1080p.WEB-DL.H.264-ALL", seeders=500),
        episode,
    ]

    await search_new(context)

    [download] = await downloads(session)
    assert download.title == episode.title
    [decision] = await decisions(session)
    [rejected] = decision.details["rejected"]
    assert rejected["title"] == "Show.Name.S01-S02.1080p.WEB-DL.H.264-ALL"
    assert any("season 1 of the pack is not wholly wanted" in r for r in rejected["reasons"])


async def test_wanted_search_grabs_a_pack_spanning_wanted_seasons_once(
    context, clients, torznab, session: AsyncSession
):
    await wanted_show(session, with_file=0, seasons={1: [PAST, PAST], 2: [PAST, PAST]})
    spanning = tv("Show.Name.S01-S02.1080p.WEB-DL.H.264-ALL")
    torznab.indexers["tor"].releases.append(spanning)

    await search_new(context)

    [download] = await downloads(session)
    assert download.title == spanning.title
    assert len(await episodes_of(session, download.id)) == 4
    outcomes = [(d.season_number, d.outcome) for d in await decisions(session)]
    assert outcomes == [(1, "grabbed"), (2, "skipped")]
