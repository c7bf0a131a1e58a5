"""Bencode and info hashes: what the grab needs to find a torrent in a client after adding it.

qBittorrent's add answers only "Ok.", so the info hash is computed before adding: the SHA-1 of
the bencoded `info` dictionary exactly as it appears in the file (v1), or the `btih` of a magnet.
The decoder checks structure (canonical integers and lengths, no duplicate keys, nothing after
the end) and refuses anything malformed with a ValueError saying what and where.
"""

import base64
import binascii
import hashlib
import re
from urllib.parse import parse_qsl, urlsplit

Bencodable = int | bytes | str | list["Bencodable"] | dict[bytes | str, "Bencodable"]

_MAX_DEPTH = 64
_HEX_HASH = re.compile(r"[0-9a-fA-F]{40}")
_BASE32_HASH = re.compile(r"[A-Za-z2-7]{32}")


class _Decoder:
    def __init__(self, data: bytes, what: str = "bencoded data") -> None:
        self.data = data
        self.what = what
        self.pos = 0
        # (start, end) of the top-level "info" value, recorded while decoding.
        self.info_span: tuple[int, int] | None = None

    def fail(self, message: str) -> ValueError:
        return ValueError(f"not a valid {self.what}: {message} at byte {self.pos}")

    def decode(self, depth: int = 0) -> object:
        if depth > _MAX_DEPTH:
            raise self.fail("nested too deeply")
        if self.pos >= len(self.data):
            raise self.fail("unexpected end of data")
        lead = self.data[self.pos : self.pos + 1]
        if lead == b"i":
            return self._integer()
        if lead.isdigit():
            return self._string()
        if lead == b"l":
            self.pos += 1
            items = []
            while self._peek() != b"e":
                items.append(self.decode(depth + 1))
            self.pos += 1
            return items
        if lead == b"d":
            return self._dictionary(depth)
        raise self.fail(f"unexpected {lead!r}")

    def _peek(self) -> bytes:
        if self.pos >= len(self.data):
            raise self.fail("unexpected end of data")
        return self.data[self.pos : self.pos + 1]

    def _integer(self) -> int:
        end = self.data.find(b"e", self.pos)
        if end < 0:
            raise self.fail("unterminated integer")
        digits = self.data[self.pos + 1 : end]
        if not re.fullmatch(rb"-?(0|[1-9][0-9]*)", digits) or digits == b"-0":
            raise self.fail(f"bad integer {digits[:20]!r}")
        self.pos = end + 1
        return int(digits)

    def _string(self) -> bytes:
        colon = self.data.find(b":", self.pos)
        if colon < 0 or colon - self.pos > 12:
            raise self.fail("bad string length")
        length_text = self.data[self.pos : colon]
        if not length_text.isdigit() or (length_text.startswith(b"0") and length_text != b"0"):
            raise self.fail(f"bad string length {length_text!r}")
        start, end = colon + 1, colon + 1 + int(length_text)
        if end > len(self.data):
            raise self.fail("string runs past the end of data")
        self.pos = end
        return self.data[start:end]

    def _dictionary(self, depth: int) -> dict[bytes, object]:
        self.pos += 1
        result: dict[bytes, object] = {}
        while self._peek() != b"e":
            if not self._peek().isdigit():
                raise self.fail("dictionary key is not a string")
            key = self._string()
            if key in result:
                raise self.fail(f"duplicate key {key[:40]!r}")
            start = self.pos
            result[key] = self.decode(depth + 1)
            if depth == 0 and key == b"info":
                self.info_span = (start, self.pos)
        self.pos += 1
        return result


def decode(data: bytes) -> object:
    """Decode one bencoded value that must fill the whole input."""
    decoder = _Decoder(data)
    value = decoder.decode()
    if decoder.pos != len(data):
        raise decoder.fail("trailing data after the end")
    return value


def encode(value: Bencodable) -> bytes:
    """Bencode ints, bytes/str (UTF-8), lists and dicts (keys sorted as bytes)."""
    if isinstance(value, bool):
        raise TypeError("bencode has no booleans")
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list):
        return b"l" + b"".join(encode(item) for item in value) + b"e"
    if isinstance(value, dict):
        items = sorted((k.encode() if isinstance(k, str) else k, v) for k, v in value.items())
        return b"d" + b"".join(encode(k) + encode(v) for k, v in items) + b"e"
    raise TypeError(f"cannot bencode {type(value).__name__}")


def info_hash(torrent: bytes) -> str:
    """The v1 info hash (40 lowercase hex) of a .torrent file's content."""
    if not torrent:
        raise ValueError("not a valid torrent file: it is empty")
    decoder = _Decoder(torrent, "torrent file")
    top = decoder.decode()
    if decoder.pos != len(torrent):
        raise decoder.fail("trailing data after the end")
    if not isinstance(top, dict):
        raise ValueError("not a valid torrent file: the top level is not a dictionary")
    info = top.get(b"info")
    if not isinstance(info, dict) or decoder.info_span is None:
        raise ValueError("not a valid torrent file: it has no info dictionary")
    if b"pieces" not in info:
        # A v2-only torrent: clients name it by a truncated SHA-256, which has no v1 hash.
        raise ValueError("not a supported torrent file: v2-only torrents have no v1 info hash")
    if not isinstance(info.get(b"name"), bytes):
        raise ValueError("not a valid torrent file: the info dictionary has no name")
    start, end = decoder.info_span
    return hashlib.sha1(torrent[start:end], usedforsecurity=False).hexdigest()


def magnet_info_hash(uri: str) -> str:
    """The v1 info hash (40 lowercase hex) of a magnet link's `xt=urn:btih:` (hex or base32)."""
    parts = urlsplit(uri.strip())
    if parts.scheme.lower() != "magnet":
        raise ValueError("not a magnet link: it does not start with magnet:")
    for key, value in parse_qsl(parts.query):
        if key.lower() != "xt" or not value.lower().startswith("urn:btih:"):
            continue
        digest = value[len("urn:btih:") :]
        if _HEX_HASH.fullmatch(digest):
            return digest.lower()
        if _BASE32_HASH.fullmatch(digest):
            try:
                return base64.b32decode(digest.upper()).hex()
            except binascii.Error as exc:  # pragma: no cover - the pattern admits only base32
                raise ValueError(f"magnet link has a bad base32 info hash: {exc}") from None
        raise ValueError(f"magnet link has a malformed info hash {digest[:60]!r}")
    raise ValueError("magnet link has no BitTorrent v1 info hash (xt=urn:btih:...)")
