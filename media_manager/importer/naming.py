"""Names of show, season, episode and movie files from templates, safe on every filesystem.

Templates use `{token}` and format specs (`{season:02}`). A bracketed group (`[...]`, `(...)`)
or a ` - {token}` part whose token is empty is left out, so `[tmdbid-{tmdb_id}]` vanishes for a
show without a TMDB id instead of leaving `[tmdbid-]`. Every component is sanitised and cut to
the filesystem's 255 bytes; `safe_path` refuses anything that would leave the library root.
"""

import re
import string
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOKENS = frozenset(
    {
        "title",
        "year",
        "tmdb_id",
        "tvdb_id",
        "imdb_id",
        "season",
        "episode",
        "episode_title",
        "quality",
        "release_group",
        "edition",
        "version",
    }
)
# Linux filesystems allow 255 bytes per name. A video's stem keeps room for what its
# subtitles add (".pt-BR.forced.sdh.srt").
MAX_NAME_BYTES = 255
MAX_STEM_BYTES = 220

# Refused by Windows, SMB shares and most NAS filesystems, plus control and bidi characters.
_FORBIDDEN = re.compile(r'[<>"/\\|?*\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)
# Optional parts: a bracketed group holding a token, or " - {token}".
_OPTIONAL = re.compile(
    r"\[[^\[\]{}]*(?:\{[^{}]*\}[^\[\]{}]*)+\]|\([^(){}]*(?:\{[^{}]*\}[^(){}]*)+\)| - \{[^{}]*\}"
)


class TemplateError(ValueError):
    """A naming template that cannot be used; the message names the problem."""


class Episodes:
    """Episode numbers that format as one: `{episode:02}` gives `01` or `01-E02`."""

    def __init__(self, numbers: tuple[int, ...]) -> None:
        self.numbers = numbers

    def __format__(self, spec: str) -> str:
        return "-E".join(format(number, spec) for number in self.numbers)

    def __bool__(self) -> bool:
        return bool(self.numbers)


@dataclass(frozen=True)
class NameFacts:
    """What a template may name about one file."""

    title: str
    year: int | None = None
    tmdb_id: int | None = None
    tvdb_id: int | None = None
    imdb_id: str | None = None
    season: int | None = None
    episodes: tuple[int, ...] = ()
    episode_title: str | None = None
    quality: str | None = None
    release_group: str | None = None
    edition: str | None = None
    version: str | None = None

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "year": self.year,
            "tmdb_id": self.tmdb_id,
            "tvdb_id": self.tvdb_id,
            "imdb_id": self.imdb_id,
            "season": self.season,
            "episode": Episodes(self.episodes),
            "episode_title": self.episode_title,
            "quality": self.quality,
            "release_group": self.release_group,
            "edition": self.edition,
            "version": self.version,
        }


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, Episodes) and not value)


class _Formatter(string.Formatter):
    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        if key not in TOKENS:
            raise TemplateError(f"unknown token {{{key}}}; tokens are {', '.join(sorted(TOKENS))}")
        return kwargs[key]

    def format_field(self, value: Any, format_spec: str) -> str:
        if _empty(value):
            return ""
        try:
            return super().format_field(value, format_spec)
        except ValueError as exc:
            raise TemplateError(f"format {format_spec!r} does not suit {value!r}: {exc}") from None


_FORMATTER = _Formatter()


def _fields(piece: str) -> list[str]:
    try:
        return [name for _, name, _, _ in _FORMATTER.parse(piece) if name is not None]
    except ValueError as exc:
        raise TemplateError(f"template {piece!r} is malformed: {exc}") from None


_EVERY_TOKEN = NameFacts(
    title="Title",
    year=2000,
    tmdb_id=1,
    tvdb_id=1,
    imdb_id="tt0000001",
    season=1,
    episodes=(1, 2),
    episode_title="Episode",
    quality="WEBDL-1080p",
    release_group="GROUP",
    edition="Edition",
    version="Proper",
)


def check_template(template: str) -> str:
    """The template if it renders; TemplateError naming the problem otherwise."""
    for name in _fields(template):
        if name not in TOKENS:
            raise TemplateError(f"unknown token {{{name}}}; tokens are {', '.join(sorted(TOKENS))}")
    # With few tokens set (optional parts drop out), then with every token set, so that a
    # format that suits no value of its token ({tvdb_id:s}) is refused now, not at an import.
    render(template, NameFacts(title="Title", year=2000, season=1, episodes=(1, 2)))
    render(template, _EVERY_TOKEN)
    return template


def render(template: str, facts: NameFacts) -> str:
    """One path component from a template: optional parts dropped, sanitised, not yet cut."""
    values = facts.values()

    def optional(match: re.Match[str]) -> str:
        piece = match.group(0)
        if any(_empty(values.get(name)) for name in _fields(piece)):
            return ""
        return _FORMATTER.vformat(piece, (), values)

    rendered = _OPTIONAL.sub(optional, template)
    return sanitise(_FORMATTER.vformat(rendered, (), values))


def sanitise(name: str) -> str:
    """A single, visible, portable file or folder name; never empty, never `.` or `..`."""
    name = unicodedata.normalize("NFC", name)
    name = name.replace(":", " -")
    name = " ".join(_FORBIDDEN.sub(" ", name).split())
    # Separators left dangling by an empty token: "Title -  - [x]" -> "Title - [x]".
    name = re.sub(r"(?: -)+(?= -|$)", "", name)
    name = re.sub(r"\s+", " ", name)
    # Leading dots hide a file; trailing dots and spaces vanish on Windows and SMB.
    name = name.strip(" .-")
    if _RESERVED.match(name):
        name += "_"
    return name or "_"


def cut(stem: str, suffix: str = "", limit: int = MAX_NAME_BYTES) -> str:
    """`stem + suffix` within `limit` bytes of UTF-8, cutting the stem at a character boundary."""
    room = limit - len(suffix.encode())
    encoded = stem.encode()
    if len(encoded) > room:
        stem = encoded[: max(room, 1)].decode(errors="ignore").rstrip(" .-") or "_"
    return stem + suffix


def extension(name: str) -> str:
    """The file's extension, lower-cased and cleaned (`.MKV` -> `.mkv`); '' if it has none."""
    suffix = Path(name).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def file_stem(template: str, facts: NameFacts) -> str:
    """A video's name without extension, cut so that its subtitles' names fit too."""
    return cut(render(template, facts), limit=MAX_STEM_BYTES)


def folder(template: str, facts: NameFacts) -> str:
    return cut(render(template, facts))


def safe_path(root: Path, *components: str) -> Path:
    """root/components, refused (ValueError) unless it lies strictly inside root once resolved.

    Components come from `render`/`sanitise`, so this is the second line of defence: it also
    catches a folder inside the library that is a symlink pointing elsewhere.
    """
    for component in components:
        if component in ("", ".", "..") or "/" in component or "\x00" in component:
            raise ValueError(f"unsafe path component {component!r}")
    path = root.joinpath(*components)
    resolved_root = root.resolve()
    resolved = path.resolve()
    if resolved == resolved_root or not resolved.is_relative_to(resolved_root):
        raise ValueError(f"{path} is not inside the library folder {root}")
    return path
