"""Test releases for usenet clients: yEnc articles for given files and the NZB that names them."""

import uuid
import zlib
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

GROUP = "alt.binaries.mediamanager.test"
LINE_LENGTH = 128
# Bytes that yEnc must escape after the +42 shift: NUL, LF, CR and the escape character itself.
_CRITICAL = {0x00, 0x0A, 0x0D, 0x3D}


def yenc_encode(data: bytes, line_length: int = LINE_LENGTH) -> bytes:
    """The yEnc body (lines separated by CRLF, without the =ybegin/=yend lines)."""
    lines: list[bytes] = []
    line = bytearray()
    for byte in data:
        out = (byte + 42) % 256
        # Also escape TAB/space at a line's edges (some servers strip them) and a leading dot.
        edge = not line and out in (0x09, 0x20, 0x2E)
        if out in _CRITICAL or edge:
            line += bytes((0x3D, (out + 64) % 256))
        else:
            line.append(out)
        if len(line) >= line_length:
            lines.append(bytes(line))
            line = bytearray()
    if line:
        if line[-1] in (0x09, 0x20):
            # A trailing TAB/space would be stripped by some readers: escape it.
            last = line.pop()
            line += bytes((0x3D, (last + 64) % 256))
        lines.append(bytes(line))
    return b"\r\n".join(lines)


@dataclass
class Segment:
    message_id: str  # without angle brackets
    number: int
    article: bytes  # full article body (yEnc lines), CRLF separated, no dot-stuffing


@dataclass
class PostedFile:
    name: str
    data: bytes
    segments: list[Segment] = field(default_factory=list)


def post_file(name: str, data: bytes, segment_size: int = 64 * 1024) -> PostedFile:
    """Split a file into yEnc-encoded multipart articles, as a poster would."""
    parts = [data[i : i + segment_size] for i in range(0, len(data), segment_size)] or [b""]
    total = len(parts)
    posted = PostedFile(name=name, data=data)
    begin = 1
    for number, part in enumerate(parts, start=1):
        end = begin + len(part) - 1
        header = (
            f"=ybegin part={number} total={total} line={LINE_LENGTH} size={len(data)} "
            f"name={name}\r\n=ypart begin={begin} end={end}\r\n"
        ).encode()
        trailer = (
            f"\r\n=yend size={len(part)} part={number} pcrc32={zlib.crc32(part):08x}"
            + (f" crc32={zlib.crc32(data):08x}" if number == total else "")
        ).encode()
        message_id = f"{uuid.uuid4().hex}@mediamanager.test"
        posted.segments.append(Segment(message_id, number, header + yenc_encode(part) + trailer))
        begin = end + 1
    return posted


def build_nzb(
    title: str, files: list[PostedFile], poster: str = "tests@mediamanager.test"
) -> bytes:
    """NZB 1.1 XML naming every segment of the files by message id."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" '
        '"http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">',
        '<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">',
        f'<head><meta type="title">{escape(title)}</meta></head>',
    ]
    for index, posted in enumerate(files, start=1):
        total = len(posted.segments)
        subject = f'{title} [{index}/{len(files)}] - "{posted.name}" yEnc (1/{total})'
        out.append(
            f'<file poster={quoteattr(poster)} date="1700000000" subject={quoteattr(subject)}>'
        )
        out.append(f"<groups><group>{GROUP}</group></groups><segments>")
        for segment in posted.segments:
            out.append(
                f'<segment bytes="{len(segment.article)}" number="{segment.number}">'
                f"{escape(segment.message_id)}</segment>"
            )
        out.append("</segments></file>")
    out.append("</nzb>")
    return "\n".join(out).encode()
