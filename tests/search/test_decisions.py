"""Each decision rule on its own, with the reason users read; then scores and sorting."""

import uuid
from datetime import date

import pytest

from media_manager.indexer.schemas import IndexerResult, ReleaseReading
from media_manager.parsing import parse_release
from media_manager.profiles.schemas import PreferredWord, ProfileRead, ScoringRuleRead
from media_manager.search.decisions import (
    AbsoluteNumbering,
    DecisionEngine,
    Wanted,
    absolute_episodes_known,
    absolute_episodes_match,
    candidate_for,
    enough_seeders,
    has_required_word,
    no_ignored_word,
    not_a_sample,
    numbering_matches,
    quality_allowed,
    size_within_limits,
    title_matches,
    upgrade_wanted,
    year_matches,
)

GB = 1_000_000_000
HD_1080 = ProfileRead(
    id=uuid.uuid4(),
    name="HD-1080p",
    qualities=["bluray-1080p", "web-1080p", "webrip-1080p", "tv-1080p"],
    cutoff="web-1080p",
)
SEASON_1 = Wanted(
    kind="tv",
    title="Show Name",
    season=1,
    episode_counts={0: 2, 1: 10, 2: 10, 3: 8},
    air_dates={date(2024, 1, 5): (1, 4)},
    whole_season=True,
)
EPISODE_1x02 = Wanted(kind="tv", title="Show Name", season=1, episode=2, episode_counts={1: 10})
MOVIE = Wanted(kind="movie", title="Movie Title", year=2019)
# Seasons of 10, 10 and 8 episodes, numbered 1 to 28 by anime groups.
ANIME_NUMBERING = AbsoluteNumbering(
    tuple(
        (season, episode)
        for season, count in ((1, 10), (2, 10), (3, 8))
        for episode in range(1, count + 1)
    )
)
ANIME_SEASON_1 = Wanted(
    kind="tv",
    title="Show Name",
    season=1,
    episode_counts={0: 2, 1: 10, 2: 10, 3: 8},
    whole_season=True,
    absolute_numbering=ANIME_NUMBERING,
)
ANIME_SEASON_2 = Wanted(
    kind="tv",
    title="Show Name",
    season=2,
    episode_counts={0: 2, 1: 10, 2: 10, 3: 8},
    absolute_numbering=ANIME_NUMBERING,
)
ANIME_EPISODE_2x03 = Wanted(
    kind="tv",
    title="Show Name",
    season=2,
    episode=3,
    episode_counts={1: 10, 2: 10, 3: 8},
    absolute_numbering=ANIME_NUMBERING,
)


def result(
    title: str,
    *,
    size: int | None = None,
    seeders: int | None = 10,
    protocol: str = "torrent",
    flags: tuple[str, ...] = (),
) -> IndexerResult:
    return IndexerResult(
        title=title,
        indexer="alpha",
        protocol=protocol,  # type: ignore[arg-type]
        size=size,
        seeders=seeders,
        flags=list(flags),
        parsed=ReleaseReading.model_validate(parse_release(title)),
    )


def check(rule, title: str, wanted: Wanted = SEASON_1, profile: ProfileRead = HD_1080, **opts):
    item = result(title, **opts)
    return rule(candidate_for(item, wanted), wanted, profile)


def profile(**changes) -> ProfileRead:
    return HD_1080.model_copy(update=changes)


def test_quality_outside_the_profile_is_named_with_the_profile():
    assert check(quality_allowed, "Show.Name.S01.720p.WEB-DL.H.264-GRP") == (
        "WEBDL-720p is not allowed by profile HD-1080p"
    )
    assert check(quality_allowed, "Show.Name.S01.1080p.WEB-DL.H.264-GRP") is None


def test_pack_size_is_judged_per_episode_of_the_season():
    strict = profile(max_episode_size_mb=2000)
    name = "Show.Name.S01.1080p.WEB-DL.H.264-GRP"

    assert check(size_within_limits, name, profile=strict, size=30 * GB) == (
        "3.0 GB per episode is more than the maximum 2.0 GB of profile HD-1080p"
    )
    assert check(size_within_limits, name, profile=strict, size=15 * GB) is None


def test_multi_season_pack_size_is_divided_by_all_its_episodes():
    strict = profile(max_episode_size_mb=1100)
    name = "Show.Name.S01-S03.1080p.BluRay.x264-GRP"

    # 28 episodes in seasons 1 to 3: 1.0 GB each.
    assert check(size_within_limits, name, profile=strict, size=28 * GB) is None
    assert check(size_within_limits, name, profile=strict, size=56 * GB) is not None


def test_small_movie_is_below_the_minimum():
    reason = check(
        size_within_limits,
        "Movie.Title.2019.1080p.WEB-DL.H.264-GRP",
        MOVIE,
        profile(min_movie_size_mb=2000),
        size=700_000_000,
    )

    assert reason == "700 MB is less than the minimum 2.0 GB of profile HD-1080p"


def test_torrent_without_seeders_is_rejected_but_usenet_is_not():
    name = "Show.Name.S01.1080p.WEB-DL.H.264-GRP"

    assert check(enough_seeders, name, seeders=0) == "0 seeders, profile HD-1080p needs at least 1"
    assert check(enough_seeders, name, seeders=None, protocol="usenet") is None


def test_required_words_need_one_of_them():
    strict = profile(required_words=["x265", "HEVC"])

    assert check(has_required_word, "Show.Name.S01.1080p.WEB-DL.H.264-GRP", profile=strict) == (
        "contains none of the required words x265, HEVC"
    )
    assert check(has_required_word, "Show.Name.S01.1080p.WEB-DL.x265-GRP", profile=strict) is None


def test_ignored_words_match_whole_words_only():
    strict = profile(ignored_words=["CAM", "web dl"])

    assert check(no_ignored_word, "Show.Name.S01.1080p.HDTV.x264-CAM", profile=strict) == (
        "contains ignored word CAM"
    )
    assert check(no_ignored_word, "Show.Name.S01.1080p.WEB-DL.x264-CAM", profile=strict) == (
        "contains ignored words CAM, web dl"
    )
    assert check(no_ignored_word, "Show.Name.S01.1080p.HDTV.x264-CAMERA", profile=strict) is None


@pytest.mark.parametrize(
    ("title", "wanted", "reason"),
    [
        ("Show.Name.S03.1080p.WEB-DL-GRP", SEASON_1, "season 3 does not match (season 1 wanted)"),
        (
            "Show.Name.S02-S03.1080p.WEB-DL-GRP",
            SEASON_1,
            "seasons 2, 3 do not match (season 1 wanted)",
        ),
        ("Show.Name.S01-S03.1080p.BluRay.x264-GRP", SEASON_1, None),
        ("Show.Name.S01E05.1080p.WEB-DL-GRP", SEASON_1, None),
        ("Show Name Complete Series 1080p WEB-DL", SEASON_1, None),
        ("Show.Name.2024.01.05.1080p.WEB.h264-GRP", SEASON_1, None),
        (
            "Show.Name.2024.02.05.1080p.WEB.h264-GRP",
            SEASON_1,
            "no episode of Show Name aired on 2024-02-05",
        ),
        ("Show.Name.1080p.WEB-DL-GRP", SEASON_1, "the title names no season or episode"),
        (
            "Show.Name.S01E05.1080p.WEB-DL-GRP",
            EPISODE_1x02,
            "episode 5 does not match (episode 2 wanted)",
        ),
        ("Show.Name.S01.1080p.WEB-DL-GRP", EPISODE_1x02, None),
        ("Movie.Title.S01E01.1080p.WEB-DL-GRP", MOVIE, "is a TV release, not a movie"),
    ],
)
def test_numbering_must_match_what_is_wanted(title: str, wanted: Wanted, reason: str | None):
    assert check(numbering_matches, title, wanted) == reason


def test_another_show_is_rejected_by_title():
    assert check(title_matches, "Other.Show.S01.1080p.WEB-DL-GRP") == (
        'title does not match Show Name (read as "Other Show")'
    )
    assert check(title_matches, "show name S01 1080p WEB-DL-GRP") is None


def test_alternate_titles_match_too():
    wanted = Wanted(kind="tv", title="Show Name", alternate_titles=("Nom du Show",), season=1)

    assert check(title_matches, "Nom.du.Show.S01.1080p.WEB-DL-GRP", wanted) is None


def test_movie_year_may_be_one_off():
    assert check(year_matches, "Movie.Title.2020.1080p.WEB-DL-GRP", MOVIE) is None
    assert check(year_matches, "Movie.Title.2015.1080p.WEB-DL-GRP", MOVIE) == (
        "year 2015 does not match 2019"
    )


def test_samples_are_rejected():
    assert check(not_a_sample, "Show.Name.S01E02.1080p.WEB-DL-GRP.sample.mkv") == "is a sample"


def test_cutoff_and_upgrades_are_judged_against_the_file_present():
    have_webrip = Wanted(kind="tv", title="Show Name", season=1, existing_quality="webrip-1080p")
    have_web = Wanted(kind="tv", title="Show Name", season=1, existing_quality="web-1080p")
    bluray = "Show.Name.S01.1080p.BluRay.x264-GRP"

    assert check(upgrade_wanted, bluray, have_webrip) is None
    assert check(upgrade_wanted, "Show.Name.S01.1080p.HDTV.x264-GRP", have_webrip) == (
        "HDTV-1080p is no upgrade over the WEBRip-1080p file present"
    )
    assert check(upgrade_wanted, bluray, have_web) == (
        "the WEBDL-1080p file present meets the cutoff WEBDL-1080p already"
    )


def test_every_reason_is_listed_not_only_the_first():
    strict = profile(ignored_words=["CAM"])
    decision = DecisionEngine(strict).evaluate(
        result("Other.Show.S03.720p.WEB-DL.H.264-CAM", seeders=0), SEASON_1
    )

    assert not decision.accepted
    assert decision.reasons == (
        "WEBDL-720p is not allowed by profile HD-1080p",
        "0 seeders, profile HD-1080p needs at least 1",
        "contains ignored word CAM",
        "season 3 does not match (season 1 wanted)",
        'title does not match Show Name (read as "Other Show")',
    )


def test_score_adds_preferred_words_rules_and_proper():
    scored = profile(preferred_words=[PreferredWord(word="x265", score=25)])
    rules = [
        ScoringRuleRead(
            id=uuid.uuid4(), name="prefer-hdr", kind="title", keywords=["HDR"], score_modifier=5
        ),
        ScoringRuleRead(
            id=uuid.uuid4(),
            name="not-freeleech",
            kind="indexer_flag",
            keywords=["freeleech"],
            score_modifier=-100,
            negate=True,
        ),
    ]
    engine = DecisionEngine(scored, rules)

    proper = engine.evaluate(
        result("Show.Name.S01.PROPER.1080p.WEB-DL.HDR.x265-GRP", flags=("freeleech",)), SEASON_1
    )
    plain = engine.evaluate(result("Show.Name.S01.1080p.WEB-DL.H.264-GRP"), SEASON_1)

    assert proper.score == 40
    assert proper.score_details == ("+10 proper", "+25 preferred word x265", "+5 rule prefer-hdr")
    assert plain.score == -100
    assert plain.score_details == ("-100 rule not-freeleech",)


def _order(wanted: Wanted, *titles: str) -> list[str]:
    decisions = DecisionEngine(HD_1080).decide([result(t) for t in titles], wanted)
    return [d.result.title for d in decisions]


def test_whole_season_prefers_packs_over_better_quality_episodes():
    order = _order(
        SEASON_1,
        "Show.Name.S03.1080p.BluRay.x264-WRONG",
        "Show.Name.S01E01.1080p.BluRay.x264-EP",
        "Show.Name.S01-S03.1080p.WEB-DL.H.264-MULTI",
        "Show.Name.S01.1080p.WEBRip.x264-RIP",
        "Show.Name.S01.1080p.WEB-DL.H.264-WEB",
    )

    assert order == [
        "Show.Name.S01.1080p.WEB-DL.H.264-WEB",
        "Show.Name.S01.1080p.WEBRip.x264-RIP",
        "Show.Name.S01-S03.1080p.WEB-DL.H.264-MULTI",
        "Show.Name.S01E01.1080p.BluRay.x264-EP",
        "Show.Name.S03.1080p.BluRay.x264-WRONG",
    ]


def test_partly_present_season_sorts_by_quality_only():
    some_present = Wanted(kind="tv", title="Show Name", season=1, whole_season=False)

    order = _order(
        some_present,
        "Show.Name.S01.1080p.WEB-DL.H.264-PACK",
        "Show.Name.S01E01.1080p.BluRay.x264-EP",
    )

    assert order == [
        "Show.Name.S01E01.1080p.BluRay.x264-EP",
        "Show.Name.S01.1080p.WEB-DL.H.264-PACK",
    ]


def test_episode_search_prefers_the_episode_itself():
    order = _order(
        EPISODE_1x02,
        "Show.Name.S01.1080p.BluRay.x264-PACK",
        "Show.Name.S01E02E03.1080p.WEB-DL.H.264-DOUBLE",
        "Show.Name.S01E02.1080p.WEB-DL.H.264-EP",
    )

    assert order == [
        "Show.Name.S01E02.1080p.WEB-DL.H.264-EP",
        "Show.Name.S01E02E03.1080p.WEB-DL.H.264-DOUBLE",
        "Show.Name.S01.1080p.BluRay.x264-PACK",
    ]


def _rules(title: str, wanted: Wanted) -> list[str | None]:
    """What the three numbering rules say, in the order the engine runs them."""
    return [
        check(rule, title, wanted)
        for rule in (numbering_matches, absolute_episodes_known, absolute_episodes_match)
    ]


def test_absolute_numbering_counts_regular_episodes_across_seasons():
    assert ANIME_NUMBERING.lookup([1, 10, 11, 28]) == ((1, 1), (1, 10), (2, 1), (3, 8))
    assert ANIME_NUMBERING.lookup([28, 29]) is None
    assert ANIME_NUMBERING.lookup([0]) is None
    assert (ANIME_NUMBERING.season_size(2), ANIME_NUMBERING.season_size(0)) == (10, 0)


def test_single_absolute_episode_is_the_episode_it_counts_to():
    title = "[SubsPlease] Show Name - 13 (1080p) [ABCD1234].mkv"
    candidate = candidate_for(result(title), ANIME_EPISODE_2x03)

    assert (candidate.seasons, candidate.episodes) == ((2,), (3,))
    assert _rules(title, ANIME_EPISODE_2x03) == [None, None, None]
    assert _rules("[Group] Show Name - 14v2 [1080p]", ANIME_EPISODE_2x03) == [
        None,
        None,
        "absolute episode 14 is season 2 episode 4 (episode 3 of season 2 wanted)",
    ]
    assert _rules(title, ANIME_SEASON_1) == [
        None,
        None,
        "absolute episode 13 is season 2 episode 3 (season 1 wanted)",
    ]


def test_absolute_batch_of_a_whole_season_is_that_seasons_pack():
    batch = "[Group] Show Name - 11-20 [1080p]"
    candidate = candidate_for(result(batch), ANIME_SEASON_2)

    assert (candidate.seasons, candidate.episodes, candidate.is_pack) == ((2,), (), True)
    assert _rules(batch, ANIME_SEASON_2) == [None, None, None]
    assert _rules("[Group] Show Name - 01-10 [1080p]", ANIME_SEASON_2) == [
        None,
        None,
        "absolute episodes 1-10 are season 1 episodes 1-10 (season 2 wanted)",
    ]
    # Part of a season is a multi-episode release, not a pack.
    part = candidate_for(result("[Group] Show Name - 11-15 [1080p]"), ANIME_SEASON_2)
    assert (part.seasons, part.episodes, part.is_pack) == ((2,), (1, 2, 3, 4, 5), False)


def test_absolute_batch_across_seasons_is_a_multi_season_pack():
    batch = "[Group] Show Name - 08-14 [1080p]"
    candidate = candidate_for(result(batch), ANIME_SEASON_2)

    assert (candidate.seasons, candidate.is_pack) == ((1, 2), True)
    assert _rules(batch, ANIME_SEASON_1) == [None, None, None]
    assert _rules(batch, ANIME_SEASON_2) == [None, None, None]
    assert _rules(batch, ANIME_EPISODE_2x03) == [None, None, None]
    assert _rules("[Group] Show Name - 08-12 [1080p]", ANIME_EPISODE_2x03) == [
        None,
        None,
        "absolute episodes 8-12 are in seasons 1, 2 (episode 3 of season 2 wanted)",
    ]


def test_absolute_batch_size_is_divided_by_the_episodes_it_holds():
    strict = profile(max_episode_size_mb=1100)
    batch = "[Group] Show Name - 08-14 [1080p]"

    # 7 episodes, not the 20 of seasons 1 and 2.
    assert check(size_within_limits, batch, ANIME_SEASON_2, strict, size=7 * GB) is None
    assert check(size_within_limits, batch, ANIME_SEASON_2, strict, size=14 * GB) == (
        "2.0 GB per episode is more than the maximum 1.1 GB of profile HD-1080p"
    )


def test_absolute_episode_beyond_the_known_episodes_is_rejected():
    assert _rules("[SubsPlease] Show Name - 1200 (1080p) [ABCD1234].mkv", ANIME_SEASON_1) == [
        None,
        "absolute episode 1200 is beyond the 28 episodes known for Show Name",
        None,
    ]
    assert check(absolute_episodes_known, "[Group] Show Name - 25-30 [1080p]", ANIME_SEASON_1) == (
        "absolute episode 30 is beyond the 28 episodes known for Show Name"
    )


def test_season_and_episode_after_the_title_match_like_any_release():
    title = "[Group] Show Name S2 - 03 [1080p]"

    assert _rules(title, ANIME_EPISODE_2x03) == [None, None, None]
    assert _rules(title, ANIME_SEASON_1) == [
        "season 2 does not match (season 1 wanted)",
        None,
        None,
    ]


def test_whole_season_ranks_absolute_batches_like_packs():
    order = _order(
        ANIME_SEASON_1,
        "[SubsPlease] Show Name - 05 (1080p) [AAAA1111].mkv",
        "[Group] Show Name - 01-05 [1080p]",
        "[Group] Show Name - 01-14 [1080p]",
        "[Group] Show Name - 01-10 [1080p]",
        "[Group] Show Name - 13 [1080p]",
    )

    assert order == [
        "[Group] Show Name - 01-10 [1080p]",
        "[Group] Show Name - 01-14 [1080p]",
        "[Group] Show Name - 01-05 [1080p]",
        "[SubsPlease] Show Name - 05 (1080p) [AAAA1111].mkv",
        "[Group] Show Name - 13 [1080p]",
    ]
