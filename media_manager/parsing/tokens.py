"""Low-level scanning: the one combined tag regex, file extensions, site prefixes and hashes."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

try:  # Python 3.11 renamed the regex parser modules; the old names still work but warn.
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

from .languages import LANGUAGE_TAGS
from .quality import AUDIO, EDITION, FLAGS, HDR, RESOLUTION, SERVICES, SOURCE, VIDEO_CODEC

# "DL" on its own is the German "dual language" marker; WEB-DL is matched before it.
_MISC: list[tuple[str, str, object, bool]] = [
    (r"dl|ml|md|ld|hq", "other", "DL", False),
    (
        r"complete|completa|int[eé]grale|komplett|coffret|box" + r"[ ._-]?" + r"set",
        "other",
        "COMPLETE",
        False,
    ),
    (r"batch", "other", "BATCH", True),
    # DirectX video acceleration: an encode made for hardware decoding ("x264.dxva-Group").
    (r"dxva", "other", "DXVA", True),
    (r"vhs(?:" + r"[ ._-]?" + r"rip)?", "other", "VHS", True),
    (r"doku|docu", "other", "DOCU", False),
    (r"(?:bd|dvd|web)?" + r"[ ._-]?" + r"iso", "other", "ISO", False),
]

_ENTRIES = [
    *RESOLUTION,
    *SOURCE,
    *VIDEO_CODEC,
    *AUDIO,
    *HDR,
    *EDITION,
    *FLAGS,
    *SERVICES,
    *LANGUAGE_TAGS,
    *_MISC,
]

# Every tag in one alternation, each entry in its own capturing group, so ``lastindex`` says
# which entry matched. Entries are ordered most specific first because the first alternative
# that matches at a position wins. Trying ~250 alternatives at every word start is the slowest
# part of parsing, so the entries are also split by the characters they can start with and each
# word start only tries the alternation for its own first character (same order, same result).
_BOUNDARY_END = r"(?![a-z0-9])"
TAG_RE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(f"({p})" for p, *_ in _ENTRIES) + r")" + _BOUNDARY_END,
    re.IGNORECASE,
)
TAG_INFO: list[tuple[str, object, bool]] = [(f, v, s) for _, f, v, s in _ENTRIES]

_ANY = None  # an entry that may start with any character


def _first_chars(items: Any) -> tuple[set[str] | None, bool]:
    """Possible first characters of a parsed regex (lower case) and whether it can be empty."""
    chars: set[str] = set()
    for op, av in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.LITERAL:
            return chars | {chr(av).lower()}, False
        if op is _c.IN:
            for kind, value in av:
                if kind is _c.LITERAL:
                    chars.add(chr(value).lower())
                elif kind is _c.RANGE:
                    chars.update(chr(c).lower() for c in range(value[0], value[1] + 1))
                elif kind is _c.CATEGORY and value is _c.CATEGORY_DIGIT:
                    chars.update("0123456789")
                else:
                    return _ANY, False
            return chars, False
        if op is _c.BRANCH:
            nullable = False
            for alternative in av[1]:
                sub, empty = _first_chars(alternative)
                if sub is _ANY:
                    return _ANY, False
                chars |= sub
                nullable = nullable or empty
            if not nullable:
                return chars, False
            continue
        if op is _c.SUBPATTERN:
            sub, empty = _first_chars(av[3])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            sub, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        else:
            return _ANY, False
        if sub is _ANY:
            return _ANY, False
        chars |= sub
        if not empty:
            return chars, False
    return chars, True


def _build_dispatch() -> dict[str, tuple[re.Pattern[str], list[int]]]:
    by_char: dict[str, list[int]] = {}
    for index, (pattern, *_rest) in enumerate(_ENTRIES):
        chars, _ = _first_chars(_parser.parse(pattern, re.IGNORECASE))
        if chars is _ANY:
            raise ValueError(f"tag pattern needs a definite first character: {pattern}")
        for char in chars:
            by_char.setdefault(char, []).append(index)
    return {
        char: (
            re.compile(
                "(?:" + "|".join(f"({_ENTRIES[i][0]})" for i in indexes) + ")" + _BOUNDARY_END,
                re.IGNORECASE,
            ),
            indexes,
        )
        for char, indexes in by_char.items()
    }


_DISPATCH = _build_dispatch()
# The same alternations, case-sensitive, for a name already in lower case: matching without
# IGNORECASE spares the regex engine a case conversion per character it reads.
_LOWER_DISPATCH = {
    char: (re.compile(pattern.pattern), indexes) for char, (pattern, indexes) in _DISPATCH.items()
}
# The same alternations without the word boundary at the end: a tag that starts a longer word.
_PREFIX_DISPATCH = {
    char: (re.compile(pattern.pattern[: -len(_BOUNDARY_END)], re.IGNORECASE), indexes)
    for char, (pattern, indexes) in _DISPATCH.items()
}
_WORD_START_RE = re.compile(r"(?<![a-z0-9])[^\s._\-\[\](){}【】,+~/\\|]", re.IGNORECASE)
_LOWER_WORD_START_RE = re.compile(_WORD_START_RE.pattern)


class Tag(NamedTuple):
    start: int
    end: int
    field: str
    value: object
    strong: bool
    text: str


def scan_tags(text: str) -> list[Tag]:
    tags = []
    pos = 0
    lower = text.lower()
    if len(lower) == len(text):
        dispatch, starts, subject = _LOWER_DISPATCH, _LOWER_WORD_START_RE, lower
    else:  # "İ" lowers to two characters: positions would shift.
        dispatch, starts, subject = _DISPATCH, _WORD_START_RE, text
    for start_match in starts.finditer(subject):
        start = start_match.start()
        if start < pos:
            continue
        entry = dispatch.get(lower[start] if subject is lower else text[start].lower())
        if entry is None:
            continue
        m = entry[0].match(subject, start)
        if m is None:
            continue
        field, value, strong = TAG_INFO[entry[1][m.lastindex - 1]]  # type: ignore[operator]
        tags.append(Tag(start, m.end(), field, value, strong, text[start : m.end()]))
        pos = m.end()
    return tags


def strong_tag_prefix(word: str) -> int:
    """Length of a strong tag that starts ``word`` (``WEBDLL`` -> 5), or 0."""
    entry = _PREFIX_DISPATCH.get(word[:1].lower())
    if entry is None:
        return 0
    m = entry[0].match(word)
    if m is None or not TAG_INFO[entry[1][m.lastindex - 1]][2]:  # type: ignore[operator]
        return 0
    return m.end()


def is_tag(word: str) -> bool:
    entry = _DISPATCH.get(word[:1].lower())
    return entry is not None and entry[0].fullmatch(word) is not None


VIDEO_EXTENSIONS = frozenset(
    [
        "mkv",
        "mp4",
        "avi",
        "m4v",
        "mov",
        "wmv",
        "mpg",
        "mpeg",
        "m2ts",
        "mk3d",
        "mts",
        "ts",
        "vob",
        "webm",
        "flv",
        "ogm",
        "ogv",
        "divx",
        "xvid",
        "3gp",
        "rmvb",
        "rm",
        "asf",
        "iso",
        "img",
        "strm",
    ]
)
SUBTITLE_EXTENSIONS = frozenset(["srt", "ass", "ssa", "sub", "idx", "sup", "vtt", "smi"])
# Files that are certainly not media: whatever the name says, it carries no episode numbers.
NON_MEDIA_EXTENSIONS = frozenset(
    [
        "txt",
        "nfo",
        "jpg",
        "jpeg",
        "png",
        "gif",
        "bmp",
        "webp",
        "tif",
        "tiff",
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "csv",
        "json",
        "xml",
        "html",
        "htm",
        "md",
        "log",
        "ini",
        "cfg",
        "db",
        "exe",
        "dll",
        "bat",
        "sh",
        "py",
        "js",
        "msi",
        "apk",
        "dmg",
        "url",
        "lnk",
        "sfv",
        "md5",
        "sha1",
        "par2",
        "torrent",
        "nzb",
        "mp3",
        "flac",
        "wav",
        "m4a",
        "aac",
        "ogg",
        "opus",
        "wma",
        "psd",
        "svg",
        "zip",
        "7z",
        "tar",
        "gz",
        "tgz",
        "bz2",
        "xz",
    ]
)
EXT_RE = re.compile(r"\.([a-z0-9]{2,5})\s*$", re.IGNORECASE)

# A path separator is a slash with no space next to it: "A / B" is a title with an alternate.
PATH_SPLIT_RE = re.compile(r"(?<! )[/\\](?! )")

_TLD = (
    r"com|org|net|tv|to|me|io|cc|info|xyz|ru|se|lol|pw|ws|in|co|club|biz|nz|mx|re|ag|am|vip|"
    r"top|click|link|site|online|fun|li|one|cx|st|ch|is|fm|es|fr|de|it|pl|eu|ms|ac|sx|cz|"
    r"pro|uk|ro|ph|cd|bz|gg|nl|cat|onl|win|app|lt|tw|best|world|live|mov|ninja|space"
)
# "www.site.com - ", "[www.site.org]", "[site.tv] ", "site.com - " at the start of a name.
SITE_PREFIX_RE = re.compile(
    r"^\s*(?:"
    r"[\[(【{][\s.]*(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:" + _TLD + r")[\s.]*[\])】}]\s*[-–_.]*\s*"
    r"|www\.[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:(?:" + _TLD + r")(?![a-z0-9])|[a-z]{2,6}(?=\s*[-–_]))"
    r"\s*[-–_]*\s*(?:[-–]\s*)?"
    r"|[\w-]+\.(?:" + _TLD + r")\s+[-–]\s+"
    r")",
    re.IGNORECASE,
)
# Trailing tracker and site tags: "[rarbg]", "[eztv.re]", "[TGx]".
SITE_SUFFIX_RE = re.compile(
    r"\s*-?\s*[\[(]\s*(?!yts)(?:www\.[\w.-]+|rarbg|rartv|eztv|ettv|tgx|ev|publichd|vtv|n1c|xvx|tjet|ethd|"
    r"[\w-]+(?:\.[\w-]+)*\.(?:" + _TLD + r"))\s*[\])]\s*$",
    re.IGNORECASE,
)
# The site that posted a release, after its group: "x264-GRP.www.site.com", ".par-www.site.com".
WWW_SUFFIX_RE = re.compile(
    r"[ ._-]+(?:(?:par|by|from|von|de)[ ._-]+)?www\.[\w-]+(?:\.[\w-]+)*\.(?:" + _TLD + r")\s*$",
    re.IGNORECASE,
)
# CRC32 checksums that fansub groups append: "[ABCD1234]". Pure digits could be a date.
HASH_RE = re.compile(r"[\[(]([0-9A-F]{8}|[0-9a-f]{8})[\])]")
LEADING_BRACKET_RE = re.compile(r"^\s*[\[【]([^\]】]+)[\]】]\s*[-_.]?\s*")

# Usenet reposters and indexers append their own tag after the real group:
# "Show.S01E01.720p.HDTV.x264-GRP-Obfuscated", "-GRP-xpost", "-GRP-AsRequested-xpost".
REPOST_SUFFIX_RE = re.compile(
    r"(?:[-.\s]|(?<=\]))\[?(obfuscated|scrambled|xpost|postbot|asrequested|"
    r"alternativetorequested|rakuv[a-z0-9]*|chamele0n|whiterev|buymore|repackpost|nzbgeek|"
    r"gerov|z0ids3n|4planet|4p|rp)\]?(?:[-.]\d)?\s*$",
    re.IGNORECASE,
)
# An NZB subject line: '[01/45] - "Name.part01.rar" yEnc (1/51)'.
NZB_QUOTED_RE = re.compile(r'"([^"]{3,})"')
NZB_NOISE_RE = re.compile(
    r'"[^"]*"|\[\d+/\d+\]|\(\d+/\d+\)|(?<![a-z0-9])yenc(?![a-z0-9])|\s[-–]\s*(?=\s|$)',
    re.IGNORECASE,
)
# Archive and par2 volume suffixes of the files inside an NZB.
ARCHIVE_SUFFIX_RE = re.compile(
    r"(?:\.part\d{1,4}\.rar|\.vol\d+[+-]\d+\.par2|\.r\d{2,3}|\.\d{3}|\.rar|\.par2|\.nzb|\.7z)$",
    re.IGNORECASE,
)
