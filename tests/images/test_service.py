import io
import ipaddress
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from media_manager.core.network import is_public_address
from media_manager.images import service as images
from media_manager.images.exceptions import PosterNotFound, PosterUnavailable
from media_manager.images.service import PosterService
from tests.images.host import IMAGE_HOSTS, TMDB_IMAGES, FakeImageHost, poster_bytes
from tests.support.http_server import serve_in_thread

URL = f"{TMDB_IMAGES}/t/p/w500/poster.jpg"
ITEM = uuid.UUID(int=1)


@pytest.fixture
async def posters(tmp_path: Path):
    async with httpx.AsyncClient() as client:
        yield PosterService(tmp_path / "images", client, IMAGE_HOSTS)


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


async def _loopback_poster_app(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": poster_bytes("JPEG")})


@pytest.fixture(scope="module")
def loopback_url() -> Iterator[str]:
    """A real image server on 127.0.0.1, standing in for a service on the local network."""
    with serve_in_thread(_loopback_poster_app) as base_url:
        yield f"{base_url}/poster.jpg"


async def test_loopback_address_is_refused(tmp_path: Path, loopback_url: str):
    async with httpx.AsyncClient() as client:
        posters = PosterService(tmp_path / "images", client)
        with pytest.raises(PosterUnavailable, match=r"127\.0\.0\.1, which is not a public"):
            await posters.download("shows", ITEM, loopback_url)

    assert stored(posters) == []


async def test_listed_image_host_may_be_local(tmp_path: Path, loopback_url: str):
    async with httpx.AsyncClient() as client:
        posters = PosterService(tmp_path / "images", client, ["127.0.0.1"])
        await posters.download("shows", ITEM, loopback_url)

    assert stored(posters) == ["original.jpg", "poster.webp"]


async def test_redirect_to_loopback_is_refused(
    posters: PosterService, image_host: FakeImageHost, loopback_url: str
):
    image_host.serve("/t/p/w500/poster.jpg", b"", status=302)
    image_host.headers["/t/p/w500/poster.jpg"] = {"Location": loopback_url}

    with pytest.raises(PosterUnavailable, match="not a public internet address"):
        await posters.download("shows", ITEM, URL)

    assert image_host.requests == ["/t/p/w500/poster.jpg"]
    assert stored(posters) == []


async def test_redirect_within_listed_hosts_is_followed(
    posters: PosterService, image_host: FakeImageHost
):
    image_host.serve("/t/p/w500/poster.jpg", b"", status=301)
    image_host.headers["/t/p/w500/poster.jpg"] = {"Location": "/t/p/original/poster.jpg"}
    image_host.serve("/t/p/original/poster.jpg")

    await posters.download("shows", ITEM, URL)

    assert image_host.requests == ["/t/p/w500/poster.jpg", "/t/p/original/poster.jpg"]
    assert stored(posters) == ["original.jpg", "poster.webp"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://image.tmdb.org/poster.jpg",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/poster.jpg",
        "http://[::1]/poster.jpg",
        "http://[::ffff:127.0.0.1]/poster.jpg",
        "http://224.0.0.1/poster.jpg",
        "http://0.0.0.0/poster.jpg",
    ],
)
async def test_non_http_and_non_public_addresses_are_refused_before_any_request(
    posters: PosterService, url: str
):
    with pytest.raises(PosterUnavailable):
        await posters.download("shows", ITEM, url)


def test_public_addresses_pass():
    assert is_public_address(ipaddress.ip_address("93.184.216.34"))
    assert is_public_address(ipaddress.ip_address("2606:4700::6810:84e5"))
    assert not is_public_address(ipaddress.ip_address("192.168.1.10"))
    assert not is_public_address(ipaddress.ip_address("100.64.0.1"))


async def download_through(
    tmp_path: Path, handler: Callable[[httpx.Request], httpx.Response], url: str
) -> PosterService:
    """Download `url` through a transport that answers with `handler` (no network here)."""
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        posters = PosterService(tmp_path / "images", client)
        await posters.download("shows", ITEM, url)
    return posters


def poster_server(sent: list[httpx.Request]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, content=poster_bytes("JPEG"))

    return handler


async def test_the_checked_address_is_the_one_connected_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # DNS rebinding: the first answer is public and passes, the next would be loopback. The
    # download must not look the name up again when it connects.
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    lookups: list[str] = []

    async def resolve(host: str, _port: int):
        lookups.append(host)
        return [ipaddress.ip_address(address) for address in next(answers)]

    monkeypatch.setattr(images, "_resolve", resolve)
    sent: list[httpx.Request] = []

    posters = await download_through(
        tmp_path, poster_server(sent), "https://posters.example:8443/p/poster.jpg"
    )

    [request] = sent
    assert lookups == ["posters.example"]
    assert request.url == "https://93.184.216.34:8443/p/poster.jpg"
    assert request.headers["Host"] == "posters.example:8443"
    assert request.extensions["sni_hostname"] == "posters.example"
    # Pooled connections are kept per address: none is left for another name to reuse.
    assert request.headers["Connection"] == "close"
    assert stored(posters) == ["original.jpg", "poster.webp"]


async def test_every_checked_address_is_tried_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    async def resolve(_host: str, _port: int):
        return [ipaddress.ip_address("2606:4700::6810:84e5"), ipaddress.ip_address("93.184.216.34")]

    monkeypatch.setattr(images, "_resolve", resolve)
    tried: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        tried.append(request.url.host)
        if ":" in request.url.host:
            raise httpx.ConnectError("Network is unreachable", request=request)
        return httpx.Response(200, content=poster_bytes("JPEG"))

    posters = await download_through(tmp_path, handler, "https://posters.example/p/poster.jpg")

    assert tried == ["2606:4700::6810:84e5", "93.184.216.34"]
    assert stored(posters) == ["original.jpg", "poster.webp"]


async def test_through_a_proxy_the_name_is_left_to_the_proxy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The proxy looks the name up itself; the address checked here is still refused if private.
    async def resolve(_host: str, _port: int):
        return [ipaddress.ip_address("93.184.216.34")]

    monkeypatch.setattr(images, "_resolve", resolve)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    sent: list[httpx.Request] = []

    await download_through(tmp_path, poster_server(sent), "https://posters.example/p/poster.jpg")

    assert [str(request.url) for request in sent] == ["https://posters.example/p/poster.jpg"]


async def test_a_relative_redirect_stays_on_the_named_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    async def resolve(_host: str, _port: int):
        return [ipaddress.ip_address("93.184.216.34")]

    monkeypatch.setattr(images, "_resolve", resolve)
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path == "/w500/poster.jpg":
            return httpx.Response(302, headers={"Location": "/original/poster.jpg"})
        return httpx.Response(200, content=poster_bytes("PNG"))

    await download_through(tmp_path, handler, "http://posters.example/w500/poster.jpg")

    assert [(r.url.path, r.headers["Host"]) for r in sent] == [
        ("/w500/poster.jpg", "posters.example"),
        ("/original/poster.jpg", "posters.example"),
    ]
