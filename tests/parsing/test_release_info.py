"""The shape of ``ReleaseInfo`` and the behaviour of ``parse_release`` beyond the corpus."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from media_manager.parsing import ReleaseInfo, parse_release


def test_release_info_is_immutable_and_hashable():
    info = parse_release("Show.Name.S01E02.1080p.WEB-DL.x264-GRP")
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.title = "Other"  # type: ignore[misc]
    assert hash(info) == hash(parse_release("Show.Name.S01E02.1080p.WEB-DL.x264-GRP"))


def test_list_fields_are_tuples():
    info = parse_release("Show.Name.S01E02E03.1080p.WEB-DL.x264-GRP")
    assert info.seasons == (1,)
    assert info.episodes == (2, 3)
    assert isinstance(info.hdr, tuple)
    assert isinstance(info.languages, tuple)


def test_empty_name_gives_an_empty_result():
    assert parse_release("") == ReleaseInfo()
    assert parse_release("   ").title == ""


def test_air_date_is_a_date():
    assert parse_release("The.Daily.Show.2024.02.13.720p.WEB.h264-EDITH").air_date == date(
        2024, 2, 13
    )


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Show.S01E01.1080p.WEB-DL.x264-GRP", "WEBDL-1080p"),
        ("Show.S01E01.720p.HDTV.x264-GRP", "HDTV-720p"),
        ("Show.S01E01.HDTV.XviD-GRP", "SDTV"),
        ("Movie.2019.2160p.BluRay.REMUX.HEVC-GRP", "Remux-2160p"),
        ("Movie.2019.DVDRip.XviD-GRP", "DVD"),
        ("Movie 2019", "Unknown"),
    ],
)
def test_quality_label(name, label):
    assert parse_release(name).quality == label


def test_convenience_properties():
    info = parse_release("Show.Name.S03E07.720p.HDTV.x264-GRP")
    assert (info.season, info.episode, info.is_movie) == (3, 7, False)
    assert parse_release("Movie.2019.1080p.BluRay.x264-GRP").is_movie


def test_parsing_does_not_depend_on_earlier_calls():
    first = parse_release("[SubsPlease] Jujutsu Kaisen - 24 (1080p) [7E6A2F4B].mkv")
    parse_release("Show.Name.S01E01.720p.HDTV.x264-GRP")
    assert parse_release("[SubsPlease] Jujutsu Kaisen - 24 (1080p) [7E6A2F4B].mkv") == first


@pytest.mark.parametrize(
    "name",
    ["a", "-", "[]", "()", "....", "[Group]", "S", "1080p", "x264-GRP", "- 01", "/", "\\\\", "★★"],
)
def test_degenerate_names_do_not_crash(name):
    assert isinstance(parse_release(name), ReleaseInfo)
