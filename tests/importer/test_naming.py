"""Names from templates, sanitised and cut; subtitles' languages; archives; placement."""

import os
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from media_manager.importer import archives, naming, placement
from media_manager.importer.classify import list_files
from media_manager.importer.config import (
    DEFAULT_EPISODE_FILE,
    DEFAULT_MOVIE_FILE,
    DEFAULT_SEASON_FOLDER,
    DEFAULT_SHOW_FOLDER,
)
from media_manager.importer.subtitles import SubtitleInfo, owner, read_subtitle

SHOW = naming.NameFacts(
    title="Show Name",
    year=2015,
    tmdb_id=1399,
    season=1,
    episodes=(2,),
    episode_title="The Episode",
    quality="WEBDL-1080p",
)


def test_default_names_for_jellyfin_plex_and_emby():
    assert naming.render(DEFAULT_SHOW_FOLDER, SHOW) == "Show Name (2015) [tmdbid-1399]"
    assert naming.render(DEFAULT_SEASON_FOLDER, SHOW) == "Season 01"
    assert naming.render(DEFAULT_SEASON_FOLDER, naming.NameFacts("x", season=0)) == "Season 00"
    assert (
        naming.render(DEFAULT_EPISODE_FILE, SHOW)
        == "Show Name - S01E02 - The Episode [WEBDL-1080p]"
    )


def test_multi_episode_file_is_named_with_a_range():
    facts = naming.NameFacts("Show", season=1, episodes=(1, 2), quality="HDTV-720p")
    assert naming.render(DEFAULT_EPISODE_FILE, facts) == "Show - S01E01-E02 [HDTV-720p]"


def test_empty_tokens_take_their_brackets_and_dashes_with_them():
    movie = naming.NameFacts("Movie", quality="Bluray-1080p")
    assert naming.render(DEFAULT_SHOW_FOLDER, movie) == "Movie"
    assert naming.render(DEFAULT_MOVIE_FILE, movie) == "Movie [Bluray-1080p]"
    cut = naming.NameFacts("Movie", 1999, edition="Director's Cut", version="4K")
    assert naming.render(DEFAULT_MOVIE_FILE, cut) == "Movie (1999) - Director's Cut [4K]"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("AC/DC: Live", "AC DC - Live"),
        ("../../etc/passwd", "etc passwd"),
        ("..", "_"),
        ("nul\x00byte\x1b[31m", "nul byte [31m"),
        ('What?<>|*"', "What"),
        ("CON", "CON_"),
        ("\u202eevil", "evil"),
        ("  .hidden.  ", "hidden"),
    ],
)
def test_hostile_titles_become_one_visible_name(title, expected):
    assert naming.sanitise(title) == expected


def test_long_names_are_cut_to_255_bytes_at_a_character_boundary_keeping_the_extension():
    name = naming.cut("é" * 300, ".mkv")
    assert len(name.encode()) <= 255
    assert name.endswith("é.mkv")
    name.encode().decode()  # still valid UTF-8


def test_safe_path_refuses_what_leaves_the_root(tmp_path: Path):
    root = tmp_path / "library"
    root.mkdir()
    (root / "link").symlink_to(tmp_path)
    assert naming.safe_path(root, "Show", "a.mkv") == root / "Show" / "a.mkv"
    for components in (("..", "x"), ("/etc",), ("a/b",), ("link", "x")):
        with pytest.raises(ValueError):
            naming.safe_path(root, *components)


def test_unknown_token_is_refused():
    with pytest.raises(naming.TemplateError, match="unknown token"):
        naming.check_template("{title} {nope}")


@pytest.mark.parametrize("template", ["{title} [{tvdb_id:s}]", "{imdb_id:d}", "{quality:d}"])
def test_a_format_that_suits_no_value_of_its_token_is_refused(template: str):
    # These render while the token is empty; they would fail the first import that has one.
    with pytest.raises(naming.TemplateError, match="does not suit"):
        naming.check_template(template)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Show.S01E02.en.srt", SubtitleInfo("en")),
        ("Show.S01E02.eng.forced.srt", SubtitleInfo("en", forced=True)),
        ("2_English.srt", SubtitleInfo("en")),
        ("Movie.German.SDH.srt", SubtitleInfo("de", sdh=True)),
        ("Movie.fre.cc.ass", SubtitleInfo("fr", cc=True)),
        ("Movie.pt-BR.srt", SubtitleInfo("pt")),
        ("Movie.1080p.srt", SubtitleInfo(None)),
    ],
)
def test_subtitle_language_and_flags(name, expected):
    assert read_subtitle(name) == expected


def test_subtitle_suffix():
    assert SubtitleInfo("en", forced=True).suffix(".srt") == ".en.forced.srt"
    assert SubtitleInfo(None).suffix(".sup") == ".sup"


def test_subtitles_find_their_video():
    videos = [PurePosixPath("A.S01E01.mkv"), PurePosixPath("A.S01E02.mkv")]
    assert owner(PurePosixPath("A.S01E02.en.srt"), videos) == videos[1]
    assert owner(PurePosixPath("Subs/A.S01E01/3_French.srt"), videos) == videos[0]
    assert owner(PurePosixPath("Subs/other.S01E02.srt"), videos) == videos[1]
    assert owner(PurePosixPath("english.srt"), videos) is None


def test_archive_volumes():
    assert archives.is_archive("x.part1.rar") and archives.is_archive("x.part01.rar")
    assert not archives.is_archive("x.part2.rar")
    assert archives.is_continuation_volume("x.part02.rar")
    assert archives.is_continuation_volume("x.r00")
    assert archives.is_archive("x.rar") and archives.is_archive("x.zip")


def test_archive_with_a_name_leaving_the_folder_is_not_extracted(tmp_path: Path):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("../../escape.mkv", b"x")
    with pytest.raises(archives.ArchiveError, match="unsafe name"):
        archives.extract(bad, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not list(tmp_path.parent.glob("escape.mkv"))


@pytest.mark.parametrize(
    "member", ["..\\..\\escape.mkv", "{absolute}", "Show.S01E01/../../escape.mkv"]
)
def test_archive_members_with_windows_or_absolute_names_are_not_extracted(
    tmp_path: Path, member: str
):
    bad = tmp_path / "bad.zip"
    member = member.format(absolute=tmp_path / "outside" / "escape.mkv")
    with zipfile.ZipFile(bad, "w") as archive:
        # Written raw: ZipFile.writestr would tidy a leading "/" away, a hostile packer does not.
        info = zipfile.ZipInfo("placeholder.mkv")
        info.filename = member
        archive.writestr(info, b"x")
    with pytest.raises(archives.ArchiveError, match="unsafe name"):
        archives.extract(bad, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not list(tmp_path.parent.rglob("escape.mkv"))


def test_archive_member_longer_than_the_filesystem_allows_fails_cleanly(tmp_path: Path):
    long = tmp_path / "long.zip"
    with zipfile.ZipFile(long, "w") as archive:
        archive.writestr("Show.S01E01." + "x" * 300 + ".mkv", b"x")
    with pytest.raises(archives.ArchiveError, match="could not be extracted"):
        archives.extract(long, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "out.partial").exists()


def test_seven_zip_is_extracted(tmp_path: Path):
    import py7zr

    source = tmp_path / "a.mkv"
    source.write_bytes(b"video" * 100)
    with py7zr.SevenZipFile(tmp_path / "a.7z", "w") as archive:
        archive.write(source, "inner/a.mkv")
    archives.extract(tmp_path / "a.7z", tmp_path / "out")
    assert (tmp_path / "out" / "inner" / "a.mkv").read_bytes() == source.read_bytes()


def test_place_never_overwrites_and_recognises_its_own_work(tmp_path: Path):
    source = tmp_path / "source.mkv"
    source.write_bytes(b"a" * 100)
    target = tmp_path / "lib" / "target.mkv"
    assert placement.place(source, target, "hardlink") == "placed"
    assert placement.place(source, target, "hardlink") == "already"
    copy = tmp_path / "lib" / "copy.mkv"
    assert placement.place(source, copy, "copy") == "copied"
    assert copy.stat().st_ino != source.stat().st_ino
    assert placement.place(source, copy, "copy") == "already"  # same size and content
    other = tmp_path / "other.mkv"
    other.write_bytes(b"b" * 100)
    with pytest.raises(placement.TargetTaken):
        placement.place(other, target, "copy")
    assert target.read_bytes() == b"a" * 100
    link = tmp_path / "lib" / "link.mkv"
    placement.place(source, link, "symlink")
    assert link.is_symlink() and link.resolve() == source
    assert not list((tmp_path / "lib").glob("*.mm-part"))


def test_place_checks_free_space_before_copying(tmp_path: Path):
    source = tmp_path / "source.mkv"
    source.write_bytes(b"a" * 100)
    with pytest.raises(placement.NotEnoughSpace, match="not enough free space"):
        placement.place(source, tmp_path / "lib" / "t.mkv", "copy", min_free=2**62)


def test_recycle_keeps_both_when_the_name_is_taken_and_empties_after_days(tmp_path: Path):
    root = tmp_path / "lib"
    recycle_root = root / ".recycle"
    for content in (b"one", b"two"):
        path = root / "Show" / "a.mkv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        placement.recycle(path, root, recycle_root)
    recycled = sorted(p.name for p in (recycle_root / "Show").iterdir())
    assert recycled == ["a.1.mkv", "a.mkv"]
    assert placement.empty_recycle(recycle_root, days=7) == 0
    old = os.stat(recycle_root / "Show" / "a.mkv").st_mtime - 8 * 86400
    os.utime(recycle_root / "Show" / "a.mkv", (old, old))
    assert placement.empty_recycle(recycle_root, days=7) == 1
    assert sorted(p.name for p in (recycle_root / "Show").iterdir()) == ["a.1.mkv"]


def test_list_files_skips_symlinks_our_own_partial_work_and_keeps_folder_order(tmp_path: Path):
    content = tmp_path / "Release"
    (content / "b").mkdir(parents=True)
    (content / "a").mkdir()
    (content / ".mm-extract-x").mkdir()
    (content / "z.mkv").write_bytes(b"12345")
    (content / "b" / "2.srt").write_bytes(b"1")
    (content / "a" / "1.mkv").write_bytes(b"12")
    (content / "a" / "0.mkv.mm-part").write_bytes(b"x")
    (content / ".mm-extract-x" / "inside.mkv").write_bytes(b"x")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.mkv").write_bytes(b"x")
    (content / "linked-folder").symlink_to(outside)
    (content / "linked.mkv").symlink_to(outside / "secret.mkv")

    listed = list_files(content)

    assert [(str(relative), size) for _, relative, size in listed] == [
        ("z.mkv", 5),
        ("a/1.mkv", 2),
        ("b/2.srt", 1),
    ]
    assert listed[1][0] == content / "a" / "1.mkv"
    assert list_files(content / "linked.mkv") == []
    assert list_files(content / "z.mkv") == [(content / "z.mkv", PurePosixPath("z.mkv"), 5)]
