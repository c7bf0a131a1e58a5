"""The info hash of .torrent files and magnet links, and telling what an indexer sent."""

import base64

import pytest

from media_manager.downloads.exceptions import ReleaseFileError
from media_manager.downloads.releasefile import (
    classify,
    info_hash,
    magnet_info_hash,
)
from tests.support.torznab import Release, bencode, nzb_file, torrent_file, torrent_info_hash

RELEASE = Release("Show.Name.S01.1080p.WEB-DL.H.264-GRP", size=40_000_000)


def test_info_hash_is_sha1_of_the_info_dictionary_bytes():
    assert info_hash(torrent_file(RELEASE)) == torrent_info_hash(RELEASE)


def test_info_hash_ignores_keys_around_the_info_dictionary():
    info = {"name": "x", "length": 1, "piece length": 16384, "pieces": b"\0" * 20}
    before = bencode({"announce": "http://t/a", "info": info, "url-list": ["http://a", "http://b"]})
    after = bencode({"info": info, "zzz": {"nested": [1, 2, {"a": b"e"}]}})

    assert info_hash(before) == info_hash(after)


@pytest.mark.parametrize(
    "broken",
    [b"", b"l4:infoe", b"d4:info", b"d4:infoi1ee", b"d4:info" + b"d" * 5, b"d3:abc", b"d4:namex"],
)
def test_broken_torrents_are_refused(broken: bytes):
    with pytest.raises(ValueError):
        info_hash(broken)


def test_magnet_hash_hex_and_base32_are_the_same_hash():
    hex_hash = torrent_info_hash(RELEASE)
    base32 = base64.b32encode(bytes.fromhex(hex_hash)).decode()

    assert magnet_info_hash(f"magnet:?xt=urn:btih:{hex_hash.upper()}&dn=x") == hex_hash
    assert magnet_info_hash(f"magnet:?dn=x&xt=urn:btih:{base32}") == hex_hash


def test_magnet_without_bittorrent_hash_is_refused():
    with pytest.raises(ValueError, match="no BitTorrent v1 info hash"):
        magnet_info_hash("magnet:?xt=urn:sha1:abc&dn=x")


def test_classify_torrent_nzb_and_magnet_text():
    assert classify(torrent_file(RELEASE), "tor").info_hash == torrent_info_hash(RELEASE)
    assert classify(nzb_file(RELEASE), "nzb").kind == "nzb"
    magnet_text = f"magnet:?xt=urn:btih:{torrent_info_hash(RELEASE)}".encode()
    assert classify(magnet_text, "tor").kind == "magnet"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'<?xml version="1.0"?><error code="100" description="Incorrect user credentials"/>',
            "Indexer tor refused the release file: error 100: Incorrect user credentials",
        ),
        (b"<!DOCTYPE html><html>login</html>", "sent a web page instead of a release file"),
        (b"PK\x03\x04 zip", "neither a .torrent nor an .nzb file"),
    ],
)
def test_what_is_not_a_release_is_named(content: bytes, message: str):
    with pytest.raises(ReleaseFileError, match=message):
        classify(content, "tor")
