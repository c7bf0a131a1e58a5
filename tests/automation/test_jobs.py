"""The scheduled searches, RSS sync and failed-download handling, against the stand-in indexers."""

from datetime import UTC, datetime, timedelta

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.automation.models import AutomationDecision
from media_manager.automation.tasks import rss_sync, search_new
from media_manager.downloads.clients.base import DownloadStatus
from media_manager.downloads.dependencies import job_poller
from media_manager.downloads.models import BlocklistEntry, Download
from media_manager.indexer.models import IndexerFailure
from media_manager.indexer.service import IndexerState
from tests.automation.conftest import TMDB_ID, TVDB_ID, automation_settings, tv
from tests.metadata.relay import FUTURE, PAST, TODAY
from tests.support.torznab import Release, torrent_info_hash
from tests.tv.factories import create_show

PAST_TIME = datetime(2020, 1, 1, tzinfo=UTC)
YESTERDAY = TODAY - timedelta(days=1)


async def wanted_show(session: AsyncSession, with_file: int = 2, **options):
    """ "Show Name" with season 1 of three episodes, the first `with_file` of them present."""
    options.setdefault("seasons", {1: [PAST, PAST, YESTERDAY]})
    return await create_show(
        session,
        name="Show Name",
        tvdb_id=TVDB_ID,
        tmdb_id=TMDB_ID,
        episodes_with_file=with_file,
        **options,
    )


async def downloads(session: AsyncSession) -> list[Download]:
    return list((await session.execute(select(Download).order_by(Download.grabbed_at))).scalars())


async def decisions(session: AsyncSession) -> list[AutomationDecision]:
    query = select(AutomationDecision).order_by(AutomationDecision.created_at)
    return list((await session.execute(query)).scalars())


async def test_search_tick_grabs_an_aired_monitored_episode(
    context, clients, torznab, session: AsyncSession, client: AsyncClient, admin_headers
):
    await wanted_show(session)
    episode = tv("Show.Name.S01E03.1080p.WEB-DL.H.264-GRP")
    torznab.indexers["tor"].releases += [tv("Show.Name.S01E02.1080p.WEB-DL.H.264-GRP"), episode]

    await search_new(context)

    [download] = await downloads(session)
    assert download.title == episode.title
    assert download.grabbed_by is None
    assert clients["qbit"].added[0].info_hash == torrent_info_hash(episode)
    searches = torznab.indexers["tor"].searches()
    assert [(s.get("season"), s.get("ep")) for s in searches] == [("1", "3")]
    response = await client.get("/api/v1/automation/decisions", headers=admin_headers)
    assert response.status_code == 200, response.text
    [decision] = response.json()["items"]
    assert decision["outcome"] == "grabbed"
    assert decision["trigger"] == "new"
    assert decision["subject"] == "Show Name S01E03"
    assert decision["release_title"] == episode.title
    assert decision["download_id"] == str(download.id)
    assert "Best of 1 acceptable" in decision["message"]
    # Searched once: the next tick leaves it to the sweep, a day later.
    await search_new(context)
    assert len(torznab.indexers["tor"].searches()) == 1


async def test_episode_not_aired_yet_is_not_searched(
    context, clients, torznab, session: AsyncSession
):
    await wanted_show(session, with_file=0, seasons={1: [FUTURE, FUTURE]})
    torznab.indexers["tor"].releases.append(tv("Show.Name.S01E01.1080p.WEB-DL.H.264-GRP"))

    await search_new(context)

    assert torznab.indexers["tor"].searches() == []
    assert await downloads(session) == []
    assert await decisions(session) == []


async def test_search_after_air_delay_holds_todays_episode_back(
    app, context, clients, torznab, session: AsyncSession, tmp_path, database_url
):
    app.state.settings = automation_settings(
        tmp_path, database_url, torznab, search_after_air_hours=48
    )
    await wanted_show(session, with_file=0, seasons={1: [TODAY - timedelta(days=1), FUTURE]})

    await search_new(context)

    assert torznab.indexers["tor"].searches() == []


async def test_season_pack_is_preferred_when_the_whole_season_is_wanted(
    context, clients, torznab, session: AsyncSession
):
    await wanted_show(session, with_file=0)
    pack = tv("Show.Name.S01.1080p.WEB-DL.H.264-PACK", seeders=3)
    torznab.indexers["tor"].releases += [
        tv("Show.Name.S01E01.1080p.WEB-DL.H.264-GRP", seeders=90),
        pack,
        tv("Show.Name.S01E02.1080p.WEB-DL.H.264-GRP", seeders=90),
    ]

    await search_new(context)

    [download] = await downloads(session)
    assert download.title == pack.title
    assert download.season_number == 1
    searches = torznab.indexers["tor"].searches()
    assert [(s.get("season"), s.get("ep")) for s in searches] == [("1", None)]
    [decision] = await decisions(session)
    assert decision.subject == "Show Name season 1"


async def test_blocklisted_release_is_skipped_and_the_next_best_grabbed(
    context, clients, torznab, session: AsyncSession
):
    show = await wanted_show(session)
    best = tv("Show.Name.S01E03.1080p.WEB-DL.H.264-BEST", seeders=500)
    second = tv("Show.Name.S01E03.1080p.WEB-DL.H.264-NEXT", seeders=5)
    torznab.indexers["tor"].releases += [best, second]
    session.add(
        BlocklistEntry(
            title=best.title,
            protocol="torrent",
            reason="fake release",
            kind="tv",
            show_id=show.id,
            added_at=PAST_TIME,
        )
    )
    await session.commit()

    await search_new(context)

    [download] = await downloads(session)
    assert download.title == second.title
    [decision] = await decisions(session)
    assert decision.outcome == "grabbed"
    [skipped] = decision.details["skipped"]
    assert skipped["title"] == best.title
    assert "blocklisted (fake release)" in skipped["reason"]


async def test_failed_download_is_blocklisted_removed_and_another_release_grabbed(
    context, clients, torznab, session: AsyncSession
):
    await wanted_show(session)
    first = tv("Show.Name.S01E03.1080p.WEB-DL.H.264-FIRST", seeders=500)
    other = tv("Show.Name.S01E03.1080p.WEB-DL.H.264-OTHER", seeders=5)
    torznab.indexers["tor"].releases += [first, other]
    await search_new(context)
    [grabbed] = await downloads(session)
    assert grabbed.title == first.title
    qbit = clients["qbit"]
    qbit.set(
        grabbed.client_item_id, status=DownloadStatus.FAILED, error="tracker says: unregistered"
    )

    report = await job_poller(context).poll()

    assert report.failed_ids == [grabbed.id]
    [entry] = (await session.execute(select(BlocklistEntry))).scalars().all()
    assert entry.title == first.title
    assert entry.reason == "tracker says: unregistered"
    assert entry.info_hash == torrent_info_hash(first)
    assert qbit.removed == [([grabbed.client_item_id], True)]
    titles = [d.title for d in await downloads(session)]
    assert titles == [first.title, other.title]
    outcomes = [(d.trigger, d.outcome) for d in await decisions(session)]
    assert outcomes == [
        ("new", "grabbed"),
        ("failed_download", "blocklisted"),
        ("failed_download", "grabbed"),
    ]
    # A later poll that still sees it failed does not blocklist or search again.
    await job_poller(context).poll()
    assert len(await decisions(session)) == 3


async def test_rss_tick_grabs_a_wanted_episode_and_ignores_the_rest(
    context, clients, torznab, session: AsyncSession
):
    await wanted_show(session)
    await create_show(session, name="Other Show", seasons={1: [PAST]}, monitor="none")
    wanted = tv("Show.Name.S01E03.720p.HDTV.x264-RSS")
    torznab.indexers["tor"].releases += [
        Release("Unknown.Show.S02E05.1080p.WEB-DL.H.264-GRP"),
        Release("Other.Show.S01E01.1080p.WEB-DL.H.264-GRP"),
        tv("Show.Name.S01E01.1080p.WEB-DL.H.264-HAVE"),
        tv("Show.Name.S01E03.1080p.WEB-DL.H.264-RSS"),
        wanted,
    ]

    await rss_sync(context)

    [download] = await downloads(session)
    assert download.title == "Show.Name.S01E03.1080p.WEB-DL.H.264-RSS"
    [request] = torznab.indexers["tor"].searches()
    assert request["t"] == "search" and "q" not in request
    [decision] = await decisions(session)
    assert decision.trigger == "rss"
    assert decision.details["results"] == 2
    [rejected] = decision.details["rejected"]
    assert rejected["title"] == wanted.title


async def test_failing_indexer_is_backed_off_and_reported(
    app, context, clients, torznab, session: AsyncSession, client: AsyncClient, admin_headers
):
    broken = torznab.add("broken", api_key=None, behaviour="http_error")
    app.state.settings = automation_settings(
        app.state.settings.data_dir.parent,
        app.state.settings.database_url,
        torznab,
        ("tor", "broken"),
    )
    await wanted_show(session)
    torznab.indexers["tor"].releases.append(tv("Show.Name.S01E03.1080p.WEB-DL.H.264-GRP"))

    await rss_sync(context)
    await rss_sync(context)

    assert len(broken.requests) == 1
    assert len(torznab.indexers["tor"].searches()) == 2
    response = await client.get("/api/v1/automation/indexers", headers=admin_headers)
    assert response.status_code == 200, response.text
    health = {row["name"]: row for row in response.json()}
    assert health["broken"]["failures"] == 1
    assert "HTTP 500" in health["broken"]["last_error"]
    assert health["broken"]["backing_off_until"] is not None
    assert health["tor"]["failures"] == 0
    assert health["tor"]["backing_off_until"] is None


async def test_back_off_outlives_a_restart_and_a_success_ends_it(
    app, context, clients, torznab, session: AsyncSession, client: AsyncClient, admin_headers
):
    broken = torznab.add("broken", api_key=None, behaviour="http_error")
    app.state.settings = automation_settings(
        app.state.settings.data_dir.parent,
        app.state.settings.database_url,
        torznab,
        ("tor", "broken"),
    )
    await wanted_show(session)
    await rss_sync(context)
    [stored] = (await session.execute(select(IndexerFailure))).scalars()
    assert (stored.name, stored.failures) == ("broken", 1)

    app.state.indexer_state = IndexerState()  # what a restart starts with
    response = await client.get("/api/v1/automation/indexers", headers=admin_headers)
    [row] = [row for row in response.json() if row["name"] == "broken"]
    assert row["failures"] == 1 and row["backing_off_until"] is not None
    await rss_sync(context)

    assert len(broken.requests) == 1  # still backing off
    assert len(torznab.indexers["tor"].searches()) == 2

    later = datetime.now(UTC) + timedelta(hours=1)
    app.state.indexer_state = IndexerState(now=lambda: later)
    broken.behaviour = "normal"
    await rss_sync(context)

    assert len(broken.searches()) == 1  # asked again, and it answered
    session.expire_all()
    assert list((await session.execute(select(IndexerFailure))).scalars()) == []
