import io
import uuid
from pathlib import Path

import httpx
import pytest
from PIL import Image

from media_manager.images import service as images
from media_manager.images.exceptions import PosterNotFound, PosterUnavailable
from media_manager.images.service import PosterService
from tests.images.host import TMDB_IMAGES, FakeImageHost, poster_bytes

URL = f"{TMDB_IMAGES}/t/p/w500/poster.jpg"
ITEM = uuid.UUID(int=1)


@pytest.fixture
async def posters(tmp_path: Path):
    async with httpx.AsyncClient() as client:
        yield PosterService(tmp_path / "images", client)


def stored(posters: PosterService) -> list[str]:
    folder = posters.folder("shows", ITEM)
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


async def test_download_keeps_the_original_and_a_resized_webp(
    posters: PosterService, image_host: FakeImageHost
):
    original = poster_bytes("JPEG", (1000, 1500))
    image_host.serve("/t/p/w500/poster.jpg", original)

    await posters.download("shows", ITEM, URL)

    folder = posters.folder("shows", ITEM)
    assert stored(posters) == ["original.jpg", "poster.webp"]
    assert (folder / "original.jpg").read_bytes() == original
    with Image.open(folder / "poster.webp") as webp:
        assert (webp.format, webp.size) == ("WEBP", (600, 900))
    found = await posters.poster("shows", ITEM, "original")
    assert (found.path.name, found.media_type) == ("original.jpg", "image/jpeg")


async def test_new_original_of_another_format_replaces_the_old_one(
    posters: PosterService, image_host: FakeImageHost
):
    image_host.serve("/t/p/w500/poster.jpg", poster_bytes("JPEG"))
    await posters.download("shows", ITEM, URL)
    image_host.serve("/t/p/w500/poster.jpg", poster_bytes("PNG", (300, 450)))

    await posters.download("shows", ITEM, URL)

    assert stored(posters) == ["original.png", "poster.webp"]


@pytest.mark.parametrize(
    ("body", "status", "problem"),
    [
        (b"<html>Bad Gateway</html>", 200, "not a usable JPEG, PNG or WebP"),
        (poster_bytes("GIF", (10, 10)), 200, "not a usable JPEG, PNG or WebP"),
        (poster_bytes("JPEG")[:200], 200, "not a usable JPEG, PNG or WebP"),
        (b"gone", 500, "answered HTTP 500"),
    ],
    ids=["html", "gif", "truncated", "server-error"],
)
async def test_unusable_download_is_refused_and_the_old_poster_kept(
    posters: PosterService, image_host: FakeImageHost, body: bytes, status: int, problem: str
):
    image_host.serve("/t/p/w500/poster.jpg", poster_bytes("JPEG"))
    await posters.download("shows", ITEM, URL)
    before = (posters.folder("shows", ITEM) / "poster.webp").read_bytes()
    image_host.serve("/t/p/w500/poster.jpg", body, status)

    with pytest.raises(PosterUnavailable, match=problem):
        await posters.download("shows", ITEM, URL)

    assert stored(posters) == ["original.jpg", "poster.webp"]
    assert (posters.folder("shows", ITEM) / "poster.webp").read_bytes() == before


async def test_download_larger_than_the_cap_is_refused(
    posters: PosterService, image_host: FakeImageHost, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(images, "MAX_POSTER_BYTES", 1000)
    image_host.serve("/t/p/w500/poster.jpg", poster_bytes("JPEG"))

    with pytest.raises(PosterUnavailable, match="bytes"):
        await posters.download("shows", ITEM, URL)

    assert stored(posters) == []


def test_image_with_too_many_pixels_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # A tiny file can claim a huge canvas (a decompression bomb): checked before decoding.
    monkeypatch.setattr(images, "MAX_POSTER_PIXELS", 100 * 100)

    with pytest.raises(PosterUnavailable, match="too large"):
        images.store_poster(tmp_path, poster_bytes("PNG", (101, 100)))

    assert list(tmp_path.iterdir()) == []


def test_transparent_png_keeps_its_transparency(tmp_path: Path):
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 60), (0, 0, 0, 0)).save(buffer, "PNG")

    images.store_poster(tmp_path, buffer.getvalue())

    with Image.open(tmp_path / "poster.webp") as webp:
        assert webp.mode == "RGBA"


async def test_missing_poster_is_not_found(posters: PosterService):
    with pytest.raises(PosterNotFound, match="no poster yet"):
        await posters.poster("movies", ITEM, "webp")
