"""A stand-in for the image servers posters come from (TMDB's and TVDB's), mocked with respx."""

import asyncio
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
import respx
from PIL import Image

TMDB_IMAGES = "https://image.tmdb.org"
# For metadata.image_hosts: the stand-in is reached by name, without a DNS lookup.
IMAGE_HOSTS = ["image.tmdb.org"]


def poster_bytes(image_format: str = "JPEG", size: tuple[int, int] = (1000, 1500)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


@dataclass
class FakeImageHost:
    # path -> (status, body); unknown paths answer 404.
    files: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    # path -> extra response headers (a redirect's Location).
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    # While set and not released, every answer waits (a slow image server).
    gate: asyncio.Event | None = None

    def serve(self, path: str, body: bytes | None = None, status: int = 200) -> None:
        self.files[path] = (status, poster_bytes() if body is None else body)

    async def respond(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.url.path)
        if self.gate is not None:
            await self.gate.wait()
        status, body = self.files.get(request.url.path, (404, b"not found"))
        content_type = "image/jpeg" if status == 200 else "text/plain"
        headers = {"Content-Type": content_type, **self.headers.get(request.url.path, {})}
        return httpx.Response(status, content=body, headers=headers)


@pytest.fixture
def image_host() -> Iterator[FakeImageHost]:
    """TMDB's image server, answering what a test serves."""
    fake = FakeImageHost()
    with respx.mock(base_url=TMDB_IMAGES, assert_all_called=False) as router:
        router.route().mock(side_effect=fake.respond)
        yield fake
