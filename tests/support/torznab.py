"""A stand-in for Prowlarr, Jackett and Newznab indexers, served over real HTTP by the tests.

Each indexer answers at /<id or name>/api (t=caps, search, tvsearch, movie) with the RSS its
model emits, or misbehaves on purpose: slow answers, HTTP errors, Newznab error codes, invalid
XML, an entity bomb, an endless body. /api/v1/indexer lists the indexers like Prowlarr's API,
and every result links to a real .torrent file whose info hash matches the one advertised.
"""

import asyncio
import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cache
from typing import Literal
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from media_manager.downloads.torrentfile import info_hash

Behaviour = Literal["normal", "http_error", "invalid_xml", "entity_bomb", "oversized"]
# What a download link answers: the file, a redirect to the magnet link, a Torznab error
# document, a login page, an HTTP error, or a file far larger than any real .torrent.
DownloadBehaviour = Literal[
    "normal", "magnet_redirect", "torznab_error", "html", "http_error", "huge"
]
Style = Literal["prowlarr", "jackett", "newznab"]

TORZNAB_NS = "http://torznab.com/schemas/2015/feed"
NEWZNAB_NS = "http://www.newznab.com/DTD/2010/feeds/attributes/"
PROWLARR_API_KEY = "prowlarr-key-0123456789"
PIECE_LENGTH = 16 * 1024 * 1024
TRACKER = "http://tracker.example/announce?passkey=secretpasskey"

ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>
"""
INVALID_XML = b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Half an an'


@dataclass(frozen=True)
class Release:
    title: str
    size: int = 1_500_000_000
    category: int = 5040
    seeders: int = 10
    leechers: int = 2
    grabs: int = 5
    tvdb_id: int | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    download_factor: float = 1.0
    upload_factor: float = 1.0
    tags: tuple[str, ...] = ()
    age: timedelta = timedelta(days=1)
    # The real .torrent or .nzb to serve (end-to-end tests); None: a generated one.
    file: bytes | None = None


@dataclass
class FakeIndexer:
    id: int
    name: str
    releases: list[Release] = field(default_factory=list)
    behaviour: Behaviour = "normal"
    style: Style = "prowlarr"
    api_key: str | None = "indexer-key-0123456789"
    # Seconds before every answer (caps included).
    delay: float = 0.0
    search_params: str = "q"
    tv_params: str | None = "q,season,ep,tvdbid,tmdbid,imdbid"
    movie_params: str | None = "q,imdbid,tmdbid"
    limit_max: int = 100
    # False: id searches find nothing, as on indexers whose releases are not tagged with ids.
    ids_match: bool = True
    # False: season and ep are ignored, as on indexers that answer with every season of a show.
    numbering_match: bool = True
    # Bytes an "oversized" answer sends before the server gives up.
    oversized_bytes: int = 4 * 1024 * 1024
    listed_in_prowlarr: bool = True
    download_behaviour: DownloadBehaviour = "normal"
    requests: list[dict[str, str]] = field(default_factory=list)
    # Paths of the release files fetched (.torrent and .nzb links).
    downloads: list[str] = field(default_factory=list)

    def searches(self) -> list[dict[str, str]]:
        return [r for r in self.requests if r.get("t") != "caps"]


class TorznabServer:
    def __init__(self) -> None:
        self.indexers: dict[str, FakeIndexer] = {}
        self.base_url = ""
        self.prowlarr_requests = 0

    def add(self, name: str, **options) -> FakeIndexer:
        indexer = FakeIndexer(id=len(self.indexers) + 1, name=name, **options)
        self.indexers[name] = indexer
        return indexer

    def reset(self) -> None:
        self.indexers.clear()
        self.prowlarr_requests = 0

    def url(self, name: str) -> str:
        """The per-indexer feed URL, as Prowlarr shows it (without the /api)."""
        return f"{self.base_url}/{self.indexers[name].id}/"

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/v1/indexer", self._prowlarr_indexers),
                Route("/{key}/api", self._api),
                Route("/{key}/download/{number:int}.torrent", self._download),
                Route("/{key}/getnzb/{number:int}.nzb", self._download),
            ]
        )

    def _find(self, key: str) -> FakeIndexer | None:
        for indexer in self.indexers.values():
            if key in (str(indexer.id), indexer.name):
                return indexer
        return None

    async def _prowlarr_indexers(self, request: Request) -> Response:
        self.prowlarr_requests += 1
        if request.headers.get("x-api-key") != PROWLARR_API_KEY:
            return JSONResponse({"message": "Unauthorized"}, status_code=401)
        return JSONResponse(
            [
                {
                    "id": indexer.id,
                    "name": indexer.name,
                    "protocol": "usenet" if indexer.style == "newznab" else "torrent",
                    "priority": 25,
                    "enable": True,
                    "supportsSearch": True,
                    "implementation": "Cardigann",
                }
                for indexer in self.indexers.values()
                if indexer.listed_in_prowlarr
            ]
        )

    async def _api(self, request: Request) -> Response:
        indexer = self._find(request.path_params["key"])
        if indexer is None:
            return Response("Not found", status_code=404)
        params = dict(request.query_params)
        indexer.requests.append(params)
        if indexer.delay:
            await _sleep_unless_gone(request, indexer.delay)
        behaviour = indexer.behaviour
        if behaviour == "http_error":
            return _xml(_error(900, "Internal server error"), status_code=500)
        if behaviour == "invalid_xml":
            return _xml(INVALID_XML)
        if behaviour == "entity_bomb":
            return _xml(ENTITY_BOMB)
        if behaviour == "oversized":
            return StreamingResponse(_endless(indexer.oversized_bytes), media_type="text/xml")
        if params.get("t") == "caps":
            return _xml(_caps(indexer))
        # Like Newznab: caps are public, everything else needs the key.
        keys = {indexer.api_key, PROWLARR_API_KEY if indexer.listed_in_prowlarr else None}
        if indexer.api_key is not None and params.get("apikey") not in keys - {None}:
            return _xml(_error(100, "Incorrect user credentials"))
        if params.get("t") not in {"search", "tvsearch", "movie"}:
            return _xml(_error(202, f"No such function ({params.get('t')})"))
        found = self._matching(indexer, params)
        offset = int(params.get("offset", 0))
        limit = min(int(params.get("limit", indexer.limit_max)), indexer.limit_max)
        page = found[offset : offset + limit]
        return _xml(_rss(indexer, page, offset, len(found), self.base_url, params.get("apikey")))

    def _matching(self, indexer: FakeIndexer, params: dict[str, str]) -> list[tuple[int, Release]]:
        words = params.get("q", "").lower().split()
        categories = {int(c) for c in params.get("cat", "").split(",") if c}
        found = []
        for number, release in enumerate(indexer.releases):
            text = release.title.lower().replace(".", " ")
            if not all(word in text for word in words):
                continue
            if categories and not categories & {release.category, release.category // 1000 * 1000}:
                continue
            ids = {
                "tvdbid": str(release.tvdb_id),
                "tmdbid": str(release.tmdb_id),
                "imdbid": (release.imdb_id or "").removeprefix("tt"),
            }
            asked = [key for key in ids if key in params]
            if asked and not (indexer.ids_match and all(params[k] == ids[k] for k in asked)):
                continue
            if "season" in params and indexer.numbering_match:
                token = f"s{int(params['season']):02d}"
                if "ep" in params:
                    token += f"e{int(params['ep']):02d}"
                if token not in text:
                    continue
            found.append((number, release))
        return found

    async def _download(self, request: Request) -> Response:
        indexer = self._find(request.path_params["key"])
        number = request.path_params["number"]
        if indexer is None or number >= len(indexer.releases):
            return Response("Not found", status_code=404)
        indexer.downloads.append(request.url.path)
        release = indexer.releases[number]
        behaviour = indexer.download_behaviour
        if behaviour == "magnet_redirect":
            return Response(status_code=302, headers={"Location": magnet(release)})
        if behaviour == "torznab_error":
            return _xml(_error(429, "Request limit reached"))
        if behaviour == "html":
            return Response(
                "<!DOCTYPE html><html><body>Log in</body></html>", media_type="text/html"
            )
        if behaviour == "http_error":
            return _xml(_error(300, "No such item"), status_code=404)
        if behaviour == "huge":
            return StreamingResponse(_endless(indexer.oversized_bytes), media_type="text/xml")
        if indexer.style == "newznab":
            return Response(release.file or nzb_file(release), media_type="application/x-nzb")
        if release.file is not None:
            return Response(release.file, media_type="application/x-bittorrent")
        return Response(torrent_file(release), media_type="application/x-bittorrent")


async def _sleep_unless_gone(request: Request, seconds: float) -> None:
    # Stop early when the client hung up, so that shutting the server down never waits.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await request.is_disconnected():
            return
        await asyncio.sleep(min(0.05, max(deadline - time.monotonic(), 0)))


async def _endless(total: int):
    yield b'<?xml version="1.0"?><rss version="2.0"><channel>'
    chunk = b"<item><title>" + b"x" * 4000 + b"</title></item>"
    sent = 0
    while sent < total:
        yield chunk
        sent += len(chunk)
    yield b"</channel></rss>"


def _xml(body: bytes | str, status_code: int = 200) -> Response:
    return Response(body, status_code=status_code, media_type="application/rss+xml")


def _error(code: int, description: str) -> str:
    header = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return f'{header}<error code="{code}" description="{description}" />'


def _caps(indexer: FakeIndexer) -> str:
    modes: list[tuple[str, str | None]] = [
        ("search", indexer.search_params),
        ("tv-search", indexer.tv_params),
        ("movie-search", indexer.movie_params),
    ]
    searching = "".join(
        f'<{mode} available="{"yes" if params is not None else "no"}" '
        f'supportedParams="{params or ""}"/>'
        for mode, params in modes
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<caps>'
        f'<server title="{indexer.style.title()}"/>'
        f'<limits default="{min(indexer.limit_max, 50)}" max="{indexer.limit_max}"/>'
        f"<searching>{searching}</searching>"
        "<categories>"
        '<category id="2000" name="Movies"><subcat id="2030" name="Movies/SD"/>'
        '<subcat id="2040" name="Movies/HD"/><subcat id="2045" name="Movies/UHD"/></category>'
        '<category id="5000" name="TV"><subcat id="5030" name="TV/SD"/>'
        '<subcat id="5040" name="TV/HD"/><subcat id="5045" name="TV/UHD"/>'
        '<subcat id="5070" name="TV/Anime"/></category>'
        '<category id="100001" name="Tracker special"/>'
        "</categories></caps>"
    )


def _rss(
    indexer: FakeIndexer,
    page: list[tuple[int, Release]],
    offset: int,
    total: int,
    base_url: str,
    api_key: str | None,
) -> str:
    usenet = indexer.style == "newznab"
    prefix = "newznab" if usenet else "torznab"
    namespace = NEWZNAB_NS if usenet else TORZNAB_NS
    now = datetime.now(UTC)
    items = []
    for number, release in page:
        if indexer.style == "jackett":
            # Jackett's links go through Jackett itself and carry its API key.
            download = f"{base_url}/{indexer.id}/download/{number}.torrent?jackett_apikey={api_key}"
        elif usenet:
            download = f"{base_url}/{indexer.id}/getnzb/{number}.nzb?apikey={api_key}"
        else:
            download = f"{base_url}/{indexer.id}/download/{number}.torrent"
        details = f"{base_url}/{indexer.id}/details/{number}"
        attrs = {"category": [str(release.category)], "size": [str(release.size)]}
        if usenet:
            attrs["grabs"] = [str(release.grabs)]
        else:
            info_hash = torrent_info_hash(release)
            attrs |= {
                "seeders": [str(release.seeders)],
                "peers": [str(release.seeders + release.leechers)],
                "infohash": [info_hash],
                "magneturl": [magnet(release)],
                "downloadvolumefactor": [f"{release.download_factor:g}"],
                "uploadvolumefactor": [f"{release.upload_factor:g}"],
                "minimumratio": ["1"],
                "minimumseedtime": ["172800"],
                "tag": list(release.tags),
            }
        if release.tvdb_id:
            attrs["tvdbid"] = [str(release.tvdb_id)]
        if release.imdb_id:
            attrs["imdb"] = [release.imdb_id.removeprefix("tt")]
        attr_xml = "".join(
            f'<{prefix}:attr name="{name}" value={quoteattr(value)} />'
            for name, values in attrs.items()
            for value in values
        )
        guid = download if indexer.style == "jackett" else details
        enclosure_type = "application/x-nzb" if usenet else "application/x-bittorrent"
        extra = f'<jackettindexer id="{indexer.name}">{indexer.name}</jackettindexer>'
        items.append(
            "<item>"
            f"<title>{escape(release.title)}</title>"
            f"<guid>{escape(guid)}</guid>"
            + (extra if indexer.style == "jackett" else "")
            + f"<link>{escape(download)}</link>"
            f"<comments>{escape(details)}</comments>"
            f"<pubDate>{format_datetime(now - release.age)}</pubDate>"
            f"<size>{release.size}</size>"
            f"<category>{release.category}</category>"
            f'<enclosure url={quoteattr(download)} length="{release.size}" '
            f'type="{enclosure_type}" />'
            f"{attr_xml}</item>"
        )
    response = f'<newznab:response offset="{offset}" total="{total}"/>' if usenet else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:{prefix}="{namespace}">'
        f"<channel><title>{escape(indexer.name)}</title>{response}{''.join(items)}</channel></rss>"
    )


def bencode(value) -> bytes:
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list):
        return b"l" + b"".join(bencode(item) for item in value) + b"e"
    if isinstance(value, dict):
        items = sorted((k.encode() if isinstance(k, str) else k, v) for k, v in value.items())
        return b"d" + b"".join(bencode(k) + bencode(v) for k, v in items) + b"e"
    raise TypeError(f"cannot bencode {type(value).__name__}")


@cache
def _torrent_info(release: Release) -> bytes:
    pieces = -(-release.size // PIECE_LENGTH)
    seed = hashlib.sha1(release.title.encode()).digest()  # noqa: S324 - BitTorrent uses SHA-1
    info = {
        "name": release.title + ".mkv",
        "length": release.size,
        "piece length": PIECE_LENGTH,
        "pieces": seed * pieces,
        "private": 1,
    }
    return bencode(info)


def torrent_file(release: Release) -> bytes:
    """A real .torrent (metainfo) for the release; the data itself does not exist."""
    info = _torrent_info(release)
    return b"d8:announce" + bencode(TRACKER) + b"4:info" + info + b"e"


def nzb_file(release: Release) -> bytes:
    """A small but well-formed NZB naming one file of two segments."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" '
        '"http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">\n'
        '<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">'
        f'<head><meta type="name">{escape(release.title)}</meta></head>'
        f'<file poster="tests@example.invalid" date="1700000000" '
        f"subject={quoteattr(release.title + '.mkv (1/2)')}>"
        "<groups><group>alt.binaries.test</group></groups><segments>"
        '<segment bytes="500000" number="1">part1@example.invalid</segment>'
        '<segment bytes="500000" number="2">part2@example.invalid</segment>'
        "</segments></file></nzb>"
    ).encode()


def torrent_info_hash(release: Release) -> str:
    if release.file is not None:
        return info_hash(release.file)
    return hashlib.sha1(_torrent_info(release)).hexdigest()  # noqa: S324 - BitTorrent's hash


def magnet(release: Release) -> str:
    return (
        f"magnet:?xt=urn:btih:{torrent_info_hash(release)}&dn={quote(release.title)}"
        f"&tr={quote(TRACKER, safe='')}"
    )


def season_pack(show: str, season: int, group: str, **options) -> Release:
    return Release(f"{show.replace(' ', '.')}.S{season:02d}.1080p.WEB-DL.H.264-{group}", **options)


def episode(show: str, season: int, number: int, group: str, **options) -> Release:
    return Release(
        f"{show.replace(' ', '.')}.S{season:02d}E{number:02d}.1080p.WEB-DL.H.264-{group}",
        size=1_200_000_000,
        **options,
    )
