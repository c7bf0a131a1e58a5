"""Fetching a release's .torrent or .nzb once, telling what came back, and its info hash.

Indexers answer a download link with many things besides the file: a redirect to a magnet link,
an HTTP error, a Torznab/Newznab error document, a login page. Each is turned into a message
that names the indexer and what it sent, so that the user knows whom to blame.
"""

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin

import httpx

from media_manager.downloads.exceptions import ReleaseFileError
from media_manager.downloads.torrentfile import info_hash, magnet_info_hash

# Indexers and their proxies (Prowlarr, Jackett) redirect a few times at most.
MAX_REDIRECTS = 5
_TORZNAB_ERROR = re.compile(rb"<error\b[^>]*?\bdescription\s*=\s*[\"']([^\"']*)", re.IGNORECASE)
_TORZNAB_CODE = re.compile(rb"<error\b[^>]*?\bcode\s*=\s*[\"']([^\"']*)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FetchedRelease:
    kind: Literal["torrent", "nzb", "magnet"]
    content: bytes | None = None
    magnet: str | None = None
    # v1 info hash (40 lowercase hex) of a torrent or magnet; None for an NZB.
    info_hash: str | None = None

    @property
    def extension(self) -> str:
        return {"torrent": ".torrent", "nzb": ".nzb", "magnet": ".magnet"}[self.kind]

    @property
    def stored_bytes(self) -> bytes:
        """What is kept in the data dir: the file, or the magnet link as text."""
        return self.content if self.content is not None else (self.magnet or "").encode()


def classify(content: bytes, indexer: str) -> FetchedRelease:
    """What an indexer sent for a download link; ReleaseFileError when it is not a release."""
    head = content[:512].lstrip().lower()
    if content.startswith(b"d") and b"4:info" in content:
        try:
            return FetchedRelease("torrent", content=content, info_hash=info_hash(content))
        except ValueError as exc:
            raise ReleaseFileError(
                f"Indexer {indexer} sent a broken .torrent file ({exc})"
            ) from None
    if head.startswith(b"magnet:?"):
        return from_magnet(content.strip().decode("ascii", "replace"), indexer)
    if b"<error" in head:
        return _raise_torznab_error(content, indexer)
    if b"<nzb" in content[:4096].lower():
        return FetchedRelease("nzb", content=content)
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        raise ReleaseFileError(
            f"Indexer {indexer} sent a web page instead of a release file; the link may have "
            "expired or need a login (check the indexer's API key and search again)"
        )
    raise ReleaseFileError(
        f"Indexer {indexer} sent something that is neither a .torrent nor an .nzb file "
        f"({len(content)} bytes)"
    )


def from_magnet(uri: str, indexer: str) -> FetchedRelease:
    try:
        return FetchedRelease("magnet", magnet=uri, info_hash=magnet_info_hash(uri))
    except ValueError as exc:
        raise ReleaseFileError(f"Indexer {indexer} gave an unusable magnet link: {exc}") from None


async def fetch(
    http_client: httpx.AsyncClient, url: str, *, indexer: str, max_bytes: int
) -> FetchedRelease:
    """Download a release file once, following redirects by hand (one may lead to a magnet)."""
    if url.startswith("magnet:"):
        return from_magnet(url, indexer)
    for _ in range(MAX_REDIRECTS + 1):
        try:
            async with http_client.stream("GET", url, follow_redirects=False) as response:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    if location.startswith("magnet:"):
                        return from_magnet(location, indexer)
                    url = urljoin(url, location)
                    continue
                content = await _read_capped(response, indexer, max_bytes)
        except httpx.TimeoutException:
            raise ReleaseFileError(
                f"Indexer {indexer} did not send the release file in time", 504
            ) from None
        except httpx.HTTPError as exc:
            raise ReleaseFileError(
                f"Indexer {indexer} could not be reached for the release file "
                f"({type(exc).__name__})"
            ) from None
        if response.status_code >= 400:
            reason = _torznab_reason(content)
            detail = f": {reason}" if reason else ""
            raise ReleaseFileError(
                f"Indexer {indexer} answered HTTP {response.status_code} for the release "
                f"file{detail}"
            )
        return classify(content, indexer)
    raise ReleaseFileError(f"Indexer {indexer} redirected more than {MAX_REDIRECTS} times")


async def _read_capped(response: httpx.Response, indexer: str, max_bytes: int) -> bytes:
    too_large = ReleaseFileError(
        f"Indexer {indexer} sent a release file larger than {max_bytes} bytes "
        "(downloads.max_release_file_bytes); it was not fetched"
    )
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    received = 0
    async for chunk in response.aiter_bytes():
        received += len(chunk)
        if received > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _torznab_reason(content: bytes) -> str | None:
    found = _TORZNAB_ERROR.search(content[:4096])
    if not found:
        return None
    code = _TORZNAB_CODE.search(content[:4096])
    description = found.group(1).decode("utf-8", "replace")
    return (
        f"error {code.group(1).decode('ascii', 'replace')}: {description}" if code else description
    )


def _raise_torznab_error(content: bytes, indexer: str) -> FetchedRelease:
    reason = _torznab_reason(content) or "an error document"
    raise ReleaseFileError(f"Indexer {indexer} refused the release file: {reason}")
