"""Downloading posters into paths.images and finding the stored files.

Each show or movie has a folder `<images>/<shows|movies>/<id>/` holding `original.<ext>` (the
provider's file, unchanged) and `poster.webp` (resized). Files are written under a temporary
name and renamed, so a reader never sees half a file.
"""

import asyncio
import io
import ipaddress
import os
import socket
import tempfile
import urllib.request
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from media_manager.core.network import is_public_address
from media_manager.images.exceptions import PosterNotFound, PosterUnavailable
from media_manager.images.schemas import ImageKind, PosterSize

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_POSTER_BYTES = 20 * 1024 * 1024
# Image servers redirect to a CDN at most once or twice.
MAX_REDIRECTS = 5
# Far above any real poster (TMDB originals are about 2000 x 3000), far below a decompression
# bomb. Pillow's own check (Image.MAX_IMAGE_PIXELS) stays on as well.
MAX_POSTER_PIXELS = 40_000_000
# Bounding box of the resized copy: sharp on high-density screens at list and detail sizes.
WEBP_BOX = (600, 900)
WEBP_QUALITY = 80
WEBP_NAME = "poster.webp"
ORIGINAL_STEM = "original"
# Pillow format -> file extension of the stored original; anything else is refused.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass
class PosterFile:
    path: Path
    stat: os.stat_result
    media_type: str


def poster_folder(images_dir: Path, kind: ImageKind, item_id: uuid.UUID) -> Path:
    return images_dir / kind / str(item_id)


class PosterService:
    def __init__(
        self,
        images_dir: Path,
        http_client: httpx.AsyncClient | None = None,
        allowed_hosts: Iterable[str] = (),
    ) -> None:
        self.images_dir = images_dir
        self.http_client = http_client
        # metadata.image_hosts: fetched from even when they resolve to a private address.
        self.allowed_hosts = frozenset(host.lower() for host in allowed_hosts)

    def folder(self, kind: ImageKind, item_id: uuid.UUID) -> Path:
        return poster_folder(self.images_dir, kind, item_id)

    async def download(self, kind: ImageKind, item_id: uuid.UUID, url: str) -> None:
        """Fetch the poster at `url` and store the original and the WebP copy."""
        data = await self._fetch(url)
        # Decoding and resizing take tens of milliseconds of CPU: not on the event loop.
        await asyncio.to_thread(store_poster, self.folder(kind, item_id), data)

    async def poster(self, kind: ImageKind, item_id: uuid.UUID, size: PosterSize) -> PosterFile:
        """The stored poster file, or PosterNotFound."""
        found = await asyncio.to_thread(find_poster, self.folder(kind, item_id), size)
        if found is None:
            raise PosterNotFound(
                "There is no poster yet: it is downloaded in the background after adding, "
                "and again on the next refresh if that failed"
            )
        return found

    async def _fetch(self, url: str) -> bytes:
        # The URL comes from the metadata relay, i.e. from outside: it must not make this
        # server fetch from the local network (routers, cloud metadata, our own API). Each
        # redirect target is checked the same way before it is requested.
        assert self.http_client is not None
        current = httpx.URL(url)
        for _ in range(MAX_REDIRECTS + 1):
            addresses = await self._check_destination(current)
            try:
                async with self._get(current, addresses) as r:
                    location = r.headers.get("Location")
                    if r.is_redirect and location:
                        current = current.join(location)
                        continue
                    return await _read_body(r, url)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise PosterUnavailable(f"{url} could not be downloaded ({exc!r})") from None
        raise PosterUnavailable(f"{url} redirected more than {MAX_REDIRECTS} times")

    @asynccontextmanager
    async def _get(
        self, url: httpx.URL, addresses: list[IPAddress]
    ) -> AsyncIterator[httpx.Response]:
        """GET `url`, connecting to one of the checked `addresses` (tried in turn) rather than
        to what a second lookup of the name would give: a rebinding DNS server could answer
        that one with 127.0.0.1. The Host header and the TLS server name (SNI and the
        certificate check) stay the host's. No addresses: the URL as it is."""
        assert self.http_client is not None
        attempts: list[tuple[httpx.URL, dict[str, str], dict[str, str]]] = [
            (
                url.copy_with(host=str(address)),
                # Connection: close, so that no pooled connection (kept per address) is
                # reused for another name on the same address without its own handshake.
                {"Host": url.netloc.decode("ascii"), "Connection": "close"},
                {"sni_hostname": url.raw_host.decode("ascii")},
            )
            for address in addresses
        ] or [(url, {}, {})]
        async with AsyncExitStack() as stack:
            for index, (target, headers, extensions) in enumerate(attempts, start=1):
                request = self.http_client.stream(
                    "GET", target, headers=headers, extensions=extensions, follow_redirects=False
                )
                try:
                    response = await stack.enter_async_context(request)
                    break
                except httpx.ConnectError:
                    if index == len(attempts):
                        raise
            yield response

    async def _check_destination(self, url: httpx.URL) -> list[IPAddress]:
        """Refuse what is not http(s) to a public address; return the addresses to connect to
        (none: the URL as it is, for listed image hosts, literal addresses and requests that
        go through a proxy, which looks the name up itself)."""
        if url.scheme not in ("http", "https"):
            raise PosterUnavailable(f"{url} is not an http(s) address; posters are not read so")
        host = url.host.lower().rstrip(".")
        if not host:
            raise PosterUnavailable(f"{url} names no host")
        if host in self.allowed_hosts:
            return []
        try:
            addresses = [ipaddress.ip_address(host)]
            literal = True
        except ValueError:
            addresses = await _resolve(host, url.port or (443 if url.scheme == "https" else 80))
            literal = False
        blocked = [str(address) for address in addresses if not is_public_address(address)]
        if blocked or not addresses:
            raise PosterUnavailable(
                f"{url} leads to {', '.join(blocked) or 'no address'}, which is not a public "
                "internet address; add the host to metadata.image_hosts if it really serves posters"
            )
        if literal or _proxied(url):
            return []
        return list(dict.fromkeys(addresses))


def _proxied(url: httpx.URL) -> bool:
    # The environment's proxies, as httpx reads them (HTTP(S)_PROXY, ALL_PROXY, NO_PROXY).
    proxies = urllib.request.getproxies()
    if not (proxies.get(url.scheme) or proxies.get("all")):
        return False
    return not urllib.request.proxy_bypass(url.host)


async def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise PosterUnavailable(f"the image host {host} cannot be resolved ({exc})") from None
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


async def _read_body(response: httpx.Response, url: str) -> bytes:
    if response.is_error or response.is_redirect:
        raise PosterUnavailable(f"{url} answered HTTP {response.status_code}")
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > MAX_POSTER_BYTES:
        raise PosterUnavailable(f"{url} is {length} bytes, more than a poster can be")
    data = bytearray()
    async for chunk in response.aiter_bytes():
        data += chunk
        if len(data) > MAX_POSTER_BYTES:
            raise PosterUnavailable(f"{url} sent more than {MAX_POSTER_BYTES} bytes; not a poster")
    return bytes(data)


def store_poster(folder: Path, data: bytes) -> None:
    """Check that `data` is a sane image, then write it and its WebP copy into `folder`.

    Blocking: run it in a thread.
    """
    from PIL import Image  # on first use: the server needs Pillow only for posters

    try:
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
            if image.width * image.height > MAX_POSTER_PIXELS:
                raise PosterUnavailable(
                    f"the image is {image.width} x {image.height} pixels, too large for a poster"
                )
            image.load()
            extension = FORMATS[image.format or ""]
            has_alpha = "A" in image.getbands() or "transparency" in image.info
            small = image.convert("RGBA" if has_alpha else "RGB")
        small.thumbnail(WEBP_BOX)
        webp = io.BytesIO()
        small.save(webp, "WEBP", quality=WEBP_QUALITY)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        # UnidentifiedImageError (not an image at all) is an OSError, as are truncated files.
        raise PosterUnavailable(
            f"the download is not a usable JPEG, PNG or WebP image ({exc})"
        ) from None
    folder.mkdir(parents=True, exist_ok=True)
    original = folder / f"{ORIGINAL_STEM}.{extension}"
    _write_atomically(original, data)
    for stale in folder.glob(f"{ORIGINAL_STEM}.*"):
        if stale != original:
            stale.unlink(missing_ok=True)
    _write_atomically(folder / WEBP_NAME, webp.getvalue())


def find_poster(folder: Path, size: PosterSize) -> PosterFile | None:
    """The stored file of that size, if there is one. Blocking: run it in a thread."""
    if size == "webp":
        candidates = [folder / WEBP_NAME]
    else:
        candidates = sorted(folder.glob(f"{ORIGINAL_STEM}.*"))
    for path in candidates:
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        extension = path.suffix.lstrip(".")
        return PosterFile(path, stat, "image/jpeg" if extension == "jpg" else f"image/{extension}")
    return None


def _write_atomically(path: Path, data: bytes) -> None:
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (renamed, not closed, on success)
        dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False
    )
    try:
        with handle:
            handle.write(data)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
