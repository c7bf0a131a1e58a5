"""Torznab/Newznab over HTTP: capabilities, searches with paging, and safe RSS parsing.

Prowlarr, Jackett and Newznab sites all speak this API: GET <endpoint>?t=caps|search|tvsearch|
movie&apikey=...&q=...&cat=... answering XML (RSS 2.0 with torznab:/newznab: attributes).
"""

import asyncio
import logging
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

import httpx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from media_manager.indexer.config import MOVIE_CATEGORIES, TV_CATEGORIES
from media_manager.indexer.exceptions import (
    IndexerApiError,
    IndexerBadResponse,
    IndexerTimeout,
    IndexerUnavailable,
)
from media_manager.indexer.providers.base import (
    Capabilities,
    IndexerDefinition,
    IndexerProvider,
    SearchMode,
)
from media_manager.indexer.schemas import IndexerResult, SearchKind, SearchQuery

log = logging.getLogger(__name__)

# Far above any real answer (a 100-item page is ~100-300 KiB), low enough to never exhaust memory.
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
# Parsing a large answer takes long enough to stall other requests; do it off the event loop.
THREAD_PARSE_BYTES = 256 * 1024
# Page size when the caps do not give a maximum.
DEFAULT_PAGE_SIZE = 100
# Newznab category ids from here on are indexer-specific and belong to no family.
CUSTOM_CATEGORY_START = 10_000

# search kind -> (t= value, caps element describing it)
SEARCH_FUNCTIONS: dict[SearchKind, tuple[str, str]] = {
    "tv": ("tvsearch", "tv-search"),
    "movie": ("movie", "movie-search"),
    "generic": ("search", "search"),
}
CATEGORY_FAMILIES: dict[SearchKind, int | None] = {
    "tv": TV_CATEGORIES,
    "movie": MOVIE_CATEGORIES,
    "generic": None,
}


class TorznabProvider(IndexerProvider):
    def __init__(
        self,
        http_client: httpx.AsyncClient,
        definition: IndexerDefinition,
        *,
        max_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(definition)
        self.http_client = http_client
        self.max_bytes = max_bytes

    def serves(self, kind: SearchKind) -> bool:
        return bool(select_categories(kind, self.definition.categories))

    async def caps(self) -> Capabilities:
        return parse_caps(await self._get({"t": "caps"}))

    async def test(self) -> Capabilities:
        caps = await self.caps()
        # Many indexers answer t=caps without a key; a one-item search proves the key works.
        categories = expand_categories(self.definition.categories, caps)
        parse_rss(await self._get({"t": "search", "cat": _join(categories), "limit": "1"}), "")
        return caps

    async def search(
        self, query: SearchQuery, caps: Capabilities, max_results: int
    ) -> list[IndexerResult]:
        categories = expand_categories(
            select_categories(query.kind, self.definition.categories), caps
        )
        plans = plan_requests(query, caps)
        for number, params in enumerate(plans):
            if categories:
                params["cat"] = _join(categories)
            results = await self._fetch_pages(params, caps, max_results)
            if results or number == len(plans) - 1:
                return results
            log.info(
                "Indexer %s found nothing with %s; trying %s",
                self.name,
                _describe(params),
                _describe(plans[number + 1]),
            )
        return []

    async def recent(self, caps: Capabilities, limit: int) -> list[IndexerResult]:
        # t=search without q is the feed every Newznab API serves: newest first, one page.
        categories = expand_categories(self.definition.categories, caps)
        params = {"t": "search", "limit": str(min(limit, caps.limit_max or limit))}
        if categories:
            params["cat"] = _join(categories)
        results, _ = parse_rss(await self._get(params), self.name)
        return results

    async def _fetch_pages(
        self, params: dict[str, str], caps: Capabilities, max_results: int
    ) -> list[IndexerResult]:
        page_size = min(caps.limit_max or DEFAULT_PAGE_SIZE, max_results)
        results: list[IndexerResult] = []
        seen: set[str] = set()
        offset = 0
        while len(results) < max_results:
            limit = min(page_size, max_results - len(results))
            page_params = {**params, "limit": str(limit)}
            if offset:
                page_params["offset"] = str(offset)
            page, total = parse_rss(await self._get(page_params), self.name)
            fresh = [result for result in page if _identity(result) not in seen]
            seen.update(_identity(result) for result in fresh)
            results.extend(fresh[: max_results - len(results)])
            offset += len(page)
            # A short page is the last one; an indexer that ignores offset repeats itself.
            if len(page) < limit or not fresh or (total is not None and offset >= total):
                break
        return results

    async def _get(self, params: dict[str, str]) -> Element:
        if self.definition.api_key:
            params = {**params, "apikey": self.definition.api_key}
        timeout = self.definition.timeout_seconds
        try:
            async with self.http_client.stream(
                "GET", self.definition.endpoint, params=params, timeout=timeout
            ) as response:
                body = await _read_capped(response, self.max_bytes)
        except httpx.TimeoutException:
            raise IndexerTimeout(f"no answer within {timeout:g} s") from None
        except httpx.HTTPError as exc:
            detail = self._redacted(str(exc)) or "no details"
            log.warning(
                "Indexer %s cannot be reached: %s: %s", self.name, type(exc).__name__, detail
            )
            raise IndexerUnavailable(
                f"cannot be reached ({type(exc).__name__}: {detail})"
            ) from None
        if response.is_error:
            detail = _error_description(body)
            raise IndexerUnavailable(
                f"answered HTTP {response.status_code}" + (f": {detail}" if detail else "")
            )
        if len(body) > THREAD_PARSE_BYTES:
            root = await asyncio.to_thread(parse_xml, body)
        else:
            root = parse_xml(body)
        if root.tag == "error":
            raise _api_error(root)
        return root

    def _redacted(self, text: str) -> str:
        # httpx messages can contain the request URL, and with it the API key.
        secrets = [self.definition.api_key, urlsplit(self.definition.endpoint).query]
        for secret in secrets:
            if secret:
                text = text.replace(secret, "***")
        return text


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise IndexerBadResponse(f"the answer is larger than {_size(max_bytes)}; refused")
    chunks: list[bytes] = []
    received = 0
    async for chunk in response.aiter_bytes():
        received += len(chunk)
        if received > max_bytes:
            raise IndexerBadResponse(f"the answer is larger than {_size(max_bytes)}; refused")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_xml(body: bytes) -> Element:
    """Parse an answer, refusing DTDs and entities (billion laughs, external entities)."""
    try:
        return fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise IndexerBadResponse(
            f"the answer declares a DTD or entities, which are refused ({type(exc).__name__})"
        ) from None
    except ParseError as exc:
        raise IndexerBadResponse(f"the answer is not valid XML ({exc})") from None


def _api_error(root: Element) -> IndexerApiError:
    code = root.get("code")
    description = root.get("description") or "no description"
    return IndexerApiError(f"error {code}: {description}" if code else description, code)


def _error_description(body: bytes) -> str | None:
    # Error statuses often still carry a Newznab <error>; anything else is not worth showing.
    try:
        root = parse_xml(body)
    except IndexerBadResponse:
        return None
    return _api_error(root).message if root.tag == "error" else None


def parse_caps(root: Element) -> Capabilities:
    if root.tag != "caps":
        raise IndexerBadResponse(f"expected <caps>, got <{_local(root.tag)}>")
    modes: dict[str, SearchMode] = {}
    searching = root.find("searching")
    for element in searching if searching is not None else ():
        supported = element.get("supportedParams")
        params = (
            frozenset(p.strip().lower() for p in supported.split(",") if p.strip())
            if supported is not None
            else frozenset({"q"})
        )
        modes[element.tag] = SearchMode(element.get("available", "").lower() == "yes", params)
    categories: dict[int, tuple[int, ...]] = {}
    category_list = root.find("categories")
    for element in category_list.findall("category") if category_list is not None else ():
        parent = _int(element.get("id"))
        if parent is not None:
            subcats = (_int(sub.get("id")) for sub in element.findall("subcat"))
            categories[parent] = tuple(sub for sub in subcats if sub is not None)
    limits = root.find("limits")
    return Capabilities(
        modes=modes,
        categories=categories,
        limit_max=_int(limits.get("max")) if limits is not None else None,
        limit_default=_int(limits.get("default")) if limits is not None else None,
    )


def select_categories(kind: SearchKind, configured: tuple[int, ...] | list[int]) -> list[int]:
    """The configured categories that fit the kind of search (TV: 5xxx, movies: 2xxx)."""
    family = CATEGORY_FAMILIES[kind]
    return [
        category
        for category in configured
        if family is None or category >= CUSTOM_CATEGORY_START or category // 1000 * 1000 == family
    ]


def expand_categories(categories: list[int] | tuple[int, ...], caps: Capabilities) -> list[int]:
    """Top-level categories plus their subcategories, since some indexers match ids exactly."""
    expanded: list[int] = []
    for category in categories:
        for item in (category, *caps.categories.get(category, ())):
            if item not in expanded:
                expanded.append(item)
    return expanded


def plan_requests(query: SearchQuery, caps: Capabilities) -> list[dict[str, str]]:
    """The requests to try in order: an id search if supported, then a text search."""
    function, mode_name = SEARCH_FUNCTIONS[query.kind]
    mode = caps.mode(mode_name)
    numbering = _numbering(query) if query.kind != "movie" else {}
    plans: list[dict[str, str]] = []

    if query.kind != "generic" and query.has_ids:
        ids = {
            param: value
            for param, value in (
                ("tvdbid", query.tvdb_id),
                ("tmdbid", query.tmdb_id),
                # Newznab takes IMDb ids without the "tt".
                ("imdbid", query.imdb_id[2:] if query.imdb_id else None),
            )
            if value and mode.supports(param)
        }
        if ids and all(mode.supports(param) for param in numbering):
            plans.append({"t": function, **{k: str(v) for k, v in ids.items()}, **numbering})

    if query.query:
        if query.kind != "generic" and mode.supports("q"):
            sent = {k: v for k, v in numbering.items() if mode.supports(k)}
            missing = {k: v for k, v in numbering.items() if k not in sent}
            plans.append({"t": function, "q": _with_numbering(query.query, missing), **sent})
        else:
            # t=search is part of every Newznab API, even when the caps leave it out.
            plans.append({"t": "search", "q": _with_numbering(query.query, numbering)})

    if not plans:
        raise IndexerApiError(
            f"supports no {mode_name} by the given ids, and the search has no text to fall back to"
        )
    return plans


def _numbering(query: SearchQuery) -> dict[str, str]:
    numbering = {}
    if query.season is not None:
        numbering["season"] = str(query.season)
        if query.episode is not None:
            numbering["ep"] = str(query.episode)
    return numbering


def _with_numbering(text: str, numbering: dict[str, str]) -> str:
    # The spelling every indexer's text search matches: "Show S01" or "Show S01E02".
    if "season" not in numbering:
        return text
    token = f"S{int(numbering['season']):02d}"
    if "ep" in numbering:
        token += f"E{int(numbering['ep']):02d}"
    return f"{text} {token}"


def parse_rss(root: Element, indexer: str) -> tuple[list[IndexerResult], int | None]:
    """The results of one answer, and the total the indexer reports (if it does)."""
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise IndexerBadResponse(f"expected an RSS feed, got <{_local(root.tag)}>")
    total = None
    for element in channel:
        if _local(element.tag) == "response":
            total = _int(element.get("total"))
    results = []
    for item in channel.findall("item"):
        result = _parse_item(item, indexer)
        if result is not None:
            results.append(result)
    return results, total


def _parse_item(item: Element, indexer: str) -> IndexerResult | None:
    title = (item.findtext("title") or "").strip()
    if not title:
        return None
    attrs: dict[str, list[str]] = {}
    usenet_namespace = False
    for element in item:
        if _local(element.tag) == "attr" and element.get("name"):
            name = element.get("name", "").lower()
            attrs.setdefault(name, []).append(element.get("value", ""))
            usenet_namespace = usenet_namespace or "newznab" in element.tag

    def first(name: str) -> str | None:
        values = attrs.get(name)
        return values[0].strip() if values and values[0].strip() else None

    enclosure = item.find("enclosure")
    enclosure_url = enclosure.get("url") if enclosure is not None else None
    enclosure_type = (enclosure.get("type") or "") if enclosure is not None else ""
    link = (item.findtext("link") or "").strip() or None

    magnet = first("magneturl")
    download_url = enclosure_url or link
    if download_url and download_url.startswith("magnet:"):
        magnet = magnet or download_url
        download_url = None
    info_hash = first("infohash")
    seeders = _int(first("seeders"))
    leechers = _int(first("leechers"))
    peers = _int(first("peers"))
    if peers is None and seeders is not None and leechers is not None:
        peers = seeders + leechers

    if "bittorrent" in enclosure_type:
        protocol = "torrent"
    elif "nzb" in enclosure_type:
        protocol = "usenet"
    elif magnet or info_hash or seeders is not None:
        protocol = "torrent"
    else:
        protocol = "usenet" if usenet_namespace else "torrent"

    download_factor = _float(first("downloadvolumefactor"))
    upload_factor = _float(first("uploadvolumefactor"))
    flags: list[str] = []
    if download_factor == 0:
        flags.append("freeleech")
    elif download_factor == 0.5:
        flags.append("halfleech")
    if upload_factor is not None and upload_factor >= 2:
        flags.append("double_upload")
    for tag in attrs.get("tag", []):
        flag = "_".join(tag.strip().lower().split())
        if flag and flag not in flags:
            flags.append(flag)

    categories = [_int(value) for value in attrs.get("category", [])]
    categories += [_int(element.text) for element in item.findall("category")]
    imdb = first("imdbid") or first("imdb")

    return IndexerResult(
        title=title,
        indexer=indexer,
        protocol=protocol,
        guid=(item.findtext("guid") or "").strip() or None,
        size=_int(first("size"))
        or _int(item.findtext("size"))
        or (_int(enclosure.get("length")) if enclosure is not None else None)
        or None,
        published_at=_date(item.findtext("pubDate")),
        seeders=seeders,
        peers=peers,
        grabs=_int(first("grabs")),
        info_hash=info_hash.lower() if info_hash else None,
        magnet_url=magnet,
        download_url=download_url,
        info_url=(item.findtext("comments") or "").strip() or None,
        categories=list(dict.fromkeys(c for c in categories if c is not None)),
        flags=flags,
        download_volume_factor=download_factor,
        upload_volume_factor=upload_factor,
        minimum_ratio=_float(first("minimumratio")),
        minimum_seed_time=_int(first("minimumseedtime")),
        tvdb_id=_int(first("tvdbid")) or None,
        tmdb_id=_int(first("tmdbid")) or None,
        imdb_id=_imdb(imdb),
    )


def _identity(result: IndexerResult) -> str:
    return result.guid or result.info_hash or result.download_url or result.title


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value.strip()))
    except (ValueError, OverflowError):
        return None


def _float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip())
    except ValueError:
        return None


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value.strip())
    except (TypeError, ValueError):
        return None


def _imdb(value: str | None) -> str | None:
    digits = (value or "").removeprefix("tt")
    return f"tt{int(digits):07d}" if digits.isdigit() and int(digits) > 0 else None


def _join(categories: list[int]) -> str:
    return ",".join(str(category) for category in categories)


def _describe(params: dict[str, str]) -> str:
    return " ".join(f"{k}={v}" for k, v in params.items() if k not in {"cat", "apikey"})


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:g} MiB" if count >= 1024 * 1024 else f"{count} bytes"
