"""Subtitles: which language and flags a file carries, and which video it belongs to."""

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from media_manager.parsing import parse_release
from media_manager.parsing.languages import language_code

_SDH = frozenset({"sdh", "hi", "hearing impaired"})
_WORDS = re.compile(r"[._ \[\]()]+")


@dataclass(frozen=True)
class SubtitleInfo:
    language: str | None
    forced: bool = False
    sdh: bool = False
    cc: bool = False

    def suffix(self, extension: str) -> str:
        """`.en.forced.srt`: what follows the video's stem in the subtitle's name."""
        parts = [self.language or ""]
        parts += [
            flag for flag, on in (("forced", self.forced), ("sdh", self.sdh), ("cc", self.cc)) if on
        ]
        return "".join(f".{part}" for part in parts if part) + extension


def read_subtitle(name: str) -> SubtitleInfo:
    """Language and flags from the words before the extension: `x.en.forced.srt`,
    `2_English.srt`, `Show.S01E02.ger.sdh.ass`."""
    words = [w for w in _WORDS.split(PurePosixPath(name).stem) if w]
    language: str | None = None
    forced = sdh = cc = False
    # From the end: flags and one language, stopping at the first other word.
    for word in reversed(words):
        lower = word.lower()
        if lower in ("forced", "foreign"):
            forced = True
        elif lower in _SDH:
            sdh = True
        elif lower == "cc":
            cc = True
        elif language is None and (code := language_code(lower)) is not None:
            language = code
        elif lower.isdigit() and len(words) <= 3:
            continue  # "2_English.srt": a track number in a Subs folder
        else:
            break
    return SubtitleInfo(language, forced, sdh, cc)


def stems(videos: list[PurePosixPath]) -> dict[str, PurePosixPath]:
    """The videos by lower-case stem, for `owner` (build it once for many subtitles)."""
    return {v.stem.lower(): v for v in videos}


def owner(
    subtitle: PurePosixPath,
    videos: list[PurePosixPath],
    by_stem: dict[str, PurePosixPath] | None = None,
) -> PurePosixPath | None:
    """The video a subtitle belongs to, or None when that cannot be told.

    By name (`Video.en.srt` next to `Video.mkv`), by folder (`Subs/Video/2_English.srt`), by the
    episode numbers in its name, or the only video of the download. `by_stem` is
    `stems(videos)`, given when the caller has it.
    """
    if by_stem is None:
        by_stem = stems(videos)
    # The longest video stem the subtitle's name starts with, up to a dot.
    stem = subtitle.stem.lower()
    while True:
        if stem in by_stem:
            return by_stem[stem]
        if "." not in stem:
            break
        stem = stem.rsplit(".", 1)[0]
    folders = {part.lower() for part in subtitle.parts[:-1]}
    in_folder = [v for v in videos if v.stem.lower() in folders]
    if len(in_folder) == 1:
        return in_folder[0]
    info = parse_release(subtitle.stem)
    if info.episodes:
        same = [
            v
            for v in videos
            if (parsed := parse_release(v.stem)).episodes == info.episodes
            and (not info.seasons or parsed.seasons == info.seasons)
        ]
        if len(same) == 1:
            return same[0]
    if len(videos) == 1:
        return videos[0]
    return None
