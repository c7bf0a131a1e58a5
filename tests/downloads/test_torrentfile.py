import base64
import hashlib

import pytest
import torf

from media_manager.downloads.torrentfile import decode, encode, info_hash, magnet_info_hash


@pytest.fixture(scope="module")
def real_torrent(tmp_path_factory) -> torf.Torrent:
    folder = tmp_path_factory.mktemp("release") / "Show.Name.S01.1080p.WEB-DL-GRP"
    folder.mkdir()
    (folder / "Show.Name.S01E01.1080p.WEB-DL-GRP.mkv").write_bytes(b"a" * 40_000)
    (folder / "Show.Name.S01E02.1080p.WEB-DL-GRP.mkv").write_bytes(b"b" * 30_000)
    torrent = torf.Torrent(path=folder, trackers=["http://127.0.0.1:1/announce"], private=True)
    torrent.generate()
    return torrent


def test_info_hash_matches_torf_for_a_real_torrent(real_torrent):
    assert info_hash(real_torrent.dump()) == real_torrent.infohash


def test_info_hash_hashes_the_info_bytes_as_written_not_re_encoded():
    # Keys out of order inside info: a re-encoding decoder would sort them and hash other bytes.
    info = b"d6:pieces20:" + b"p" * 20 + b"4:name3:abc12:piece lengthi16384e6:lengthi5ee"
    torrent = b"d8:announce3:url4:info" + info + b"e"
    assert info_hash(torrent) == hashlib.sha1(info, usedforsecurity=False).hexdigest()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"<html>not found</html>", "unexpected"),
        (b"d4:infod4:name1:a6:pieces0:e", "unexpected end"),
        (b"d4:infod4:name1:a6:pieces0:ee trailing", "trailing data"),
        (b"d4:infoi3ee", "no info dictionary"),
        (b"l4:infoe", "top level is not a dictionary"),
        (b"d4:infod4:name1:a6:pieces0:e4:infod4:name1:a6:pieces0:ee", "duplicate key"),
        (b"d4:infod4:name1:a6:pieces0:12:piece lengthi03eee", "bad integer"),
        (b"d4:infod4:name1:a6:pieces99:abee", "past the end"),
        (b"d4:infod12:meta versioni2e4:name1:aee", "v2-only"),
        (b"d4:infod6:pieces0:ee", "no name"),
        (b"d" * 100 + b"e" * 100, "dictionary key is not a string"),
        (b"l" * 100 + b"e" * 100, "nested too deeply"),
    ],
)
def test_info_hash_rejects_malformed_input_with_a_clear_error(data, reason):
    with pytest.raises(ValueError, match=reason):
        info_hash(data)


def test_encode_then_decode_round_trips():
    value = {"b": [1, -2, b"\x00\xff"], "a": {"x": "y"}}
    data = encode(value)
    assert data == b"d1:ad1:x1:ye1:bli1ei-2e2:\x00\xffee"
    assert decode(data) == {b"a": {b"x": b"y"}, b"b": [1, -2, b"\x00\xff"]}


HASH = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a"


def test_magnet_info_hash_reads_hex_and_base32():
    b32 = base64.b32encode(bytes.fromhex(HASH)).decode()
    assert magnet_info_hash(f"magnet:?xt=urn:btih:{HASH.upper()}&dn=Show") == HASH
    assert magnet_info_hash(f"magnet:?dn=Show&xt=urn:btih:{b32.lower()}&tr=x") == HASH


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("http://example.com/file.torrent", "not a magnet link"),
        ("magnet:?dn=Show", "no BitTorrent v1 info hash"),
        ("magnet:?xt=urn:btmh:1220" + "ab" * 32, "no BitTorrent v1 info hash"),
        ("magnet:?xt=urn:btih:abc123", "malformed info hash"),
    ],
)
def test_magnet_info_hash_rejects_what_it_cannot_read(uri, reason):
    with pytest.raises(ValueError, match=reason):
        magnet_info_hash(uri)
