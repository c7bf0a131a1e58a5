from pathlib import Path

import pytest

from media_manager.library.exceptions import UnsafeLibraryPath
from media_manager.library.paths import check_inside, delete_folder, folder_name


@pytest.mark.parametrize(
    ("title", "year", "expected"),
    [
        ("Breaking Bad", 2008, "Breaking Bad (2008)"),
        ("Star Wars: Andor", 2022, "Star Wars - Andor (2022)"),
        ('AC/DC "Live" <at> River?*|', None, "ACDC Live at River"),
        ("../../etc", 2001, "etc (2001)"),
        ("Marvel's Agents of S.H.I.E.L.D.", 2013, "Marvel's Agents of S.H.I.E.L.D (2013)"),
        ("  Too   many\tspaces | here ", None, "Too many spaces here"),
    ],
)
def test_folder_name_is_safe_on_every_file_system(title: str, year: int | None, expected: str):
    assert folder_name(title, year) == expected


@pytest.mark.parametrize("title", ["..", "/", " . ", "???"])
def test_title_without_usable_characters_is_refused(title: str):
    with pytest.raises(UnsafeLibraryPath):
        folder_name(title, 2000)


def test_folder_outside_the_library_is_refused(tmp_path: Path):
    root = tmp_path / "tv"
    (root / "Show").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()

    for folder in (root / ".." / "elsewhere", root, root / "."):
        with pytest.raises(UnsafeLibraryPath):
            check_inside(root, folder)
    assert check_inside(root, root / "Show") == (root / "Show").resolve()


def test_symlinked_folder_is_refused_even_inside_the_library(tmp_path: Path):
    root = tmp_path / "tv"
    (root / "Other Show").mkdir(parents=True)
    (root / "Show").symlink_to(root / "Other Show")

    with pytest.raises(UnsafeLibraryPath, match="symbolic link"):
        delete_folder(root, root / "Show")

    assert (root / "Other Show").is_dir()


def test_delete_removes_the_tree_but_not_what_links_inside_point_to(tmp_path: Path):
    root = tmp_path / "tv"
    show = root / "Show (2020)"
    (show / "Season 01").mkdir(parents=True)
    (show / "Season 01" / "episode.mkv").write_bytes(b"video")
    outside = tmp_path / "downloads"
    outside.mkdir()
    (outside / "keep.mkv").write_bytes(b"video")
    (show / "link").symlink_to(outside)

    assert delete_folder(root, show) is True
    assert delete_folder(root, show) is False

    assert not show.exists()
    assert root.is_dir()
    assert (outside / "keep.mkv").read_bytes() == b"video"
