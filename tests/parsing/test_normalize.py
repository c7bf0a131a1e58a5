"""Title normalisation and matching parsed titles against library titles."""

from __future__ import annotations

import pytest

from media_manager.parsing import normalize_title, parse_release, titles_match


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("The Office (US)", "the.office.us"),
        ("Law & Order: Special Victims Unit", "Law and Order Special Victims Unit"),
        ("Grey's Anatomy", "Greys Anatomy"),
        ("Amélie", "Amelie"),
        ("The Expanse", "Expanse"),
        ("Doctor Who (2005)", "Doctor Who"),
        ("Marvel's Agents of S.H.I.E.L.D.", "Marvels Agents of S H I E L D"),
        ("Bocchi the Rock!", "bocchi the rock"),
        ("Mr. Robot", "Mr Robot"),
        ("Shogun, The", "Shogun"),
    ],
)
def test_normalize_title_equates_spellings(left, right):
    assert normalize_title(left) == normalize_title(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("The Office (US)", "The Office (UK)"),
        ("Dark", "Dark Matter"),
        ("Star Trek", "Star Wars"),
    ],
)
def test_normalize_title_keeps_different_titles_apart(left, right):
    assert normalize_title(left) != normalize_title(right)


def test_normalize_title_keeps_a_year_that_is_the_whole_title():
    assert normalize_title("1917") == "1917"


def test_normalize_title_keeps_non_latin_scripts():
    assert normalize_title("進撃の巨人") == "進撃の巨人"
    assert normalize_title("Кухня") == "кухня"


def test_titles_match_a_parsed_release_to_its_library_title():
    info = parse_release("Its.Always.Sunny.in.Philadelphia.S16E01.1080p.WEB.H264-GGEZ")
    assert titles_match(info, "It's Always Sunny in Philadelphia")


def test_titles_match_uses_alternate_titles():
    info = parse_release("[SubsPlease] Sousou no Frieren - 05 (1080p) [ABCD1234].mkv")
    assert titles_match(info, "Frieren: Beyond Journey's End", ["Sousou no Frieren"])
    assert not titles_match(info, "Frieren: Beyond Journey's End")


def test_titles_match_uses_the_parsed_alternative_title():
    info = parse_release("[Lilith-Raws] 葬送的芙莉蓮 / Sousou no Frieren - 05 [1080p]")
    assert titles_match(info, "Sousou no Frieren")


def test_titles_match_ignores_spaces_inside_words():
    assert titles_match("Spiderman Far From Home", "Spider-Man: Far From Home")


def test_titles_match_allows_a_country_the_library_does_not_name():
    assert titles_match("The Office US", "The Office")
    assert not titles_match("The Office US", "The Office (UK)")


def test_titles_match_rejects_a_different_show():
    assert not titles_match("Dark Matter", "Dark")
