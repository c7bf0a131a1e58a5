"""``parse_release``: what a release title, file name or path says about its content.

The name is scanned once for tags (quality, codecs, languages...), then for episode numbering
and years. The title is the text before the first thing that cannot be part of a title; weak
tags that are also ordinary words only count when they sit in the tag area of the name.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from . import episodes as ep
from .languages import language_code
from .models import ReleaseInfo
from .numbering import (
    EPISODE_WORD_END_RE,
    MAX_YEAR,
    SEPARATORS,
    Numbering,
    find_numbering,
    overlaps,
)
from .titles import clean_title, normalize_title
from .tokens import (
    ARCHIVE_SUFFIX_RE,
    EXT_RE,
    HASH_RE,
    LEADING_BRACKET_RE,
    NON_MEDIA_EXTENSIONS,
    NZB_NOISE_RE,
    NZB_QUOTED_RE,
    PATH_SPLIT_RE,
    REPOST_SUFFIX_RE,
    SITE_PREFIX_RE,
    SITE_SUFFIX_RE,
    SUBTITLE_EXTENSIONS,
    VIDEO_EXTENSIONS,
    WWW_SUFFIX_RE,
    Tag,
    is_tag,
    scan_tags,
    strong_tag_prefix,
)

# Sources ranked for names that mention several: "BluRay REMUX" is a remux, "UHD BluRay" a bluray.
_SOURCE_RANK = {"remux": 0, "raw": 1, "screener": 2, "cam": 3, "telesync": 4, "telecine": 5}

_BRACKET_BLOCK_RE = re.compile(r"[\[【]([^\]】]*)[\]】]")
_DASH_GROUP_RE = re.compile(r"(?<=[^\s\-])-\s?\[?([^\s\-\[\](){}]+?)\]?$")
_DASH_WORD_PREFIX_RE = re.compile(r"-([^\W\d_][^\W_]{4,})$")
_DASH_PREFIX_RE = re.compile(r"-([A-Za-z0-9]{1,4})$")
_BRACKET_GROUP_RE = re.compile(r"[\[(]([^\[\]()]+)[\])]$")
_SPACED_DASH_GROUP_RE = re.compile(r"\s[-–]\s+([^\s\-\[\](){}]+)$")
_SEASON_FOLDER_RE = re.compile(
    r"^(?:season|staffel|saison|temporada|stagione|series|сезон|s)[ ._-]*(\d{1,4})$"
    r"|^(specials?|extras?|season[ ._-]*0+)$",
    re.IGNORECASE,
)
_LEADING_EPISODE_RE = re.compile(
    r"^(?:e|ep|episode|episodio|folge)?[ ._]*(\d{1,3})(?:[ ._]*-[ ._]*.*|[ ._]+.*|)$", re.IGNORECASE
)
_SUBTITLE_FOLDERS = frozenset({"subs", "subtitles", "sub", "subtitle"})
_GENERIC_FOLDERS = frozenset(
    [
        "tv",
        "tv shows",
        "shows",
        "series",
        "movies",
        "films",
        "media",
        "downloads",
        "download",
        "complete",
        "completed",
        "incomplete",
        "data",
        "mnt",
        "volume1",
        "video",
        "videos",
        "library",
        "torrents",
        "usenet",
        "sonarr",
        "radarr",
        "anime",
        "home",
        "share",
        "public",
        "plex",
        "jellyfin",
        "emby",
        "sabnzbd",
        "nzbget",
        "qbittorrent",
        "transmission",
    ]
)
_AUDIO_EXTENSIONS = frozenset({"aac", "flac", "mp3", "opus", "ac3", "dts"})
_VIDEO_RELEASE_RE = re.compile(
    r"(?<![a-z0-9])(?:\d{3,4}p|[xh]\.?26[45]|hevc|avc|web-?dl|webrip|hdtv|blu-?ray|bdrip)(?![a-z0-9])",
    re.IGNORECASE,
)
_MUSIC_CODECS = frozenset({"flac", "mp3"})
_RELEASE_METADATA_EXTENSIONS = frozenset({"nfo", "sfv", "md5", "sha1", "par2", "torrent", "nzb"})
_SUBTITLE_FLAG_RE = re.compile(r"[ ._-](?:forced|sdh|cc|hi|default|full|signs)$", re.IGNORECASE)
# The language word after the name, or a whole name such as "English" or "2_English".
_SUBTITLE_LANGUAGE_RE = re.compile(r"(^|[ .]|^\d{1,2}[ _.-])([a-z]{2,10}(?:[-_][a-z]{2})?)$", re.I)
_SAMPLE_RE = re.compile(r"(?<![a-z0-9])sample(?![a-z0-9])", re.IGNORECASE)
_CHANNELS_RE = re.compile(r"([1-9])[ .]?([01])(?:ch)?$|([2-8])ch$", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W_]+")
_COMPLETE_END_RE = re.compile(r"(?<![a-z0-9])(?:the[ ._])?complete[ ._-]*$", re.IGNORECASE)
# "BD1080p", "HEVC720p": a resolution glued to the word before it.
_GLUED_RESOLUTION_RE = re.compile(
    r"(?<=[a-z])(?=(?:480|576|720|1080|2160)[pi](?![a-z0-9]))", re.IGNORECASE
)
_RESOLUTION_DIGITS_RE = re.compile(r"(?:480|576|720|1080|2160)[pPiI](?![a-zA-Z0-9])")
_ASCII_LETTERS = frozenset(string.ascii_letters)
_SD_TV_RE = re.compile(
    r"(?<![a-z0-9])(?:(?:hd|pd|sd)[ ._-]?tv(?:rip)?|dsr(?:ip)?|tvrip|satrip)(?![a-z0-9])", re.I
)
_RAW_HD_RE = re.compile(r"(?<![a-z0-9])raw[ ._-]?hd(?![a-z0-9])", re.IGNORECASE)
_INTERLACED_HD_RE = re.compile(r"(?<![a-z0-9])(?:1080i|mpeg[ ._-]?2)(?![a-z0-9])", re.I)
# 1080i and MPEG-2 together: the broadcast's own stream (nobody encodes to MPEG-2 at 1080i).
_BROADCAST_STREAM_RE = re.compile(
    r"(?<![a-z0-9])(?:1080i(?![a-z0-9]).*mpeg[ ._-]?2|mpeg[ ._-]?2(?![a-z0-9]).*1080i)(?![a-z0-9])",
    re.I,
)
_GROUP_NUMBER_SUFFIX_RE = re.compile(r"(?<=[^\W\d_])-?\s\d{1,2}$|(?<=[^\W\d_])[-.]\d$")
# What follows a group but is not part of it: "-rovers.proof", "-demand.sample", "-AFG.HebSubs".
_GROUP_MARKER_SUFFIX_RE = re.compile(r"[.-](?:proof|sample|[a-z]{0,4}subs)$", re.IGNORECASE)
_DOTTED_GROUP_PREFIX_RE = re.compile(r"(?<=[._ ])([^\W_][\w]*)$")
_BY_GROUP_RE = re.compile(r"[ ._](?:by|par)[ ._]+([^\W_][\w]*(?: [^\W_][\w]*)?)$", re.I)
_LAST_WORD_RE = re.compile(r"( -|[ ._\])\]])([^\W_][\w@]*)$")
_NOT_GROUP_WORDS = frozenset({"sample", "proof", "final", "end", "mkv", "mp4", "avi", "part"})
# "x26", "h246", "x.256": an H.264/H.265 codec tag with a digit missing or swapped.
_CODEC_TYPO_RE = re.compile(r"[xh]\.?2\d{1,2}", re.IGNORECASE)
# Codec and source words with two letters swapped ("HVEC", "XIVD", "HTDV") are typos too: the
# letters of each, sorted.
_TRANSPOSED_TAGS = frozenset(
    "".join(sorted(word)) for word in ("hevc", "xvid", "divx", "hdtv", "webdl", "webrip", "bluray")
)
# Words that end the tags right before "-GROUP" but are not part of its name: a container or
# an audio codec the tag list does not know ("AAC.MP4-k3n", "WMV-NOVO", "MP2-KIDKAT"), a bitrate,
# a subtitle note ("HebSubs-DR") or a release note ("PREAiR-NoGRP", "UPSCALED-ETRG").
_NOT_GROUP_PREFIX_RE = re.compile(
    r"mp[2-4]|wmv|mkv|avi|m4v|ogm|\d{2,4}kbps|[a-z]{0,4}subs|audio|preair|upscaled|reencoded",
    re.IGNORECASE,
)
_TAG_AFTER_GROUP_RE = re.compile(r"(?<=[^\s\-])-([^\s\-\[\](){}.]+) ?\[[^\[\]\s.]{2,12}\]$")
_LEADING_NUMBER_RE = re.compile(r"(\d{1,4})(?:-(\d{1,4}))?(?:\.? - |\. )(?=[^\W\d_])")
# Without spaces only a zero-padded number is an episode's: "03-Criminal.Minds", not "7-Zip".
_LEADING_PADDED_NUMBER_RE = re.compile(r"(0\d{1,3})-(?=[^\W\d_])")
_LEADING_ANIME_NUMBER_RE = re.compile(r"(\d{1,4}) (?=[^\W\d_])")
_LATIN_RE = re.compile(r"[A-Za-z]")
_LATIN_TITLE_RE = re.compile(r"([A-Za-z][^(\[/|]*?)\s*(?=[(\[/|]|$)")
_SPACED_NAME_GROUP_RE = re.compile(r"(?<=[^\s\-])-([^\W\d_][\w]*(?: [^\W\d_][\w]*){1,2})$")
# What a TV recording's name says of its quality after the title: a resolution or a codec.
_RECORDING_QUALITY_RE = re.compile(
    r"\b(?:\d{3,4}x)?(?:480|576|720|1080|2160)[pi]?\b|\b(?:x26[45]|h\.?26[45]|mpeg-?2)\b",
    re.IGNORECASE,
)
_LEADING_YYMMDD_RE = re.compile(r"(\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[ ._-]+(?=[^\W\d])")
_SLASH_LIST_RE = re.compile(r"[(\[][^()\[\]/]*/[^()\[\]]*(?:[)\]]|$)")
# Spanish trackers write an episode range with an underscore: "Cap.101_110".
_CAP_RANGE_RE = re.compile(r"(cap[ .]?\d{3,4})_(?=\d{3,4}(?![0-9]))", re.IGNORECASE)
# "2019x05_06": episodes of an NxM number joined by an underscore are a list.
_NX_LIST_RE = re.compile(r"\dx\d{2,3}(?:_\d{2,3})+(?![0-9])", re.IGNORECASE)
# Chinese fansub banners such as "★04月新番★" carry no information.
_STARS_RE = re.compile(r"★[^★]*★")
_BARE_RESOLUTION_RE = re.compile(r"(?<![0-9a-z])(?:480|576|720|1080|2160)(?![0-9a-z])", re.I)
_YEAR_AFTER_RE = re.compile(r"[ ._]\(?(?:19|20)\d\d\)?(?![0-9a-z])", re.IGNORECASE)
_LEADING_YEAR_RE = re.compile(r"\s*[(\[]((?:19|20)\d\d)[)\]]\s*[-_.]?\s*(?=\S)")
_AKA_AFTER_RE = re.compile(r"[ ._)\]]*(?:aka|a\.k\.a\.?)[ ._]+", re.IGNORECASE)
_OCCASION_END_RE = re.compile(
    r"(?<![a-z0-9])(?:christmas|xmas|holiday|halloween|easter|thanksgiving|new[ ._]years?|"
    r"valentines?|anniversary|reunion)[ ._-]*$",
    re.IGNORECASE,
)
# Extras are not the season they belong to: "Show.S01.Extras", "Show S05 Trailer".
_EXTRAS_RE = re.compile(
    r"(?<![a-z0-9])(?:trailers?|teasers?|extras|featurettes?|behind[ ._-]the[ ._-]scenes|"
    r"bonus(?:[ ._-]features?)?|deleted[ ._-]scenes|making[ ._-]of|interviews?|bloopers|"
    r"gag[ ._-]reel|sample)(?![a-z0-9])",
    re.IGNORECASE,
)
# Reversed markers: "p0801" (1080p), "70E10S" (S01E07), as a whole token.
_REVERSED_RE = re.compile(
    r"(?<![0-9a-z])(?:p0801|p027|p0612|p084|\d{1,3}E\d{2}S)(?![0-9a-z])", re.IGNORECASE
)
_FORWARD_MARKER_RE = re.compile(r"(?<![0-9a-z])(?:\d{3,4}p|s\d{1,3}e\d{2})(?![0-9a-z])", re.I)
_SEASON_END_RE = re.compile(r"(?<![a-z0-9])s\d{1,2}(?:e\d{1,4})?$", re.IGNORECASE)
_TRANSFER_SUFFIX_RE = re.compile(
    r"(?:(?<=\.[a-z0-9]{3})\.(?:part|!qb|!ut|crdownload)"
    r"|(?:\.part\d{1,3})?\.rar|\.r\d\d|\.torrent|\.vol\d+[+-]\d+\.par2|\.par2"
    # A second download of the same name: "Name-GRP (1)".
    r"|(?<=[^\W_]) \(\d\))$",
    re.IGNORECASE,
)
# Cheap tests before the pattern: the endings those suffixes have.
_DUPLICATE_SUFFIX_RE = re.compile(r"(?<=[^\W_]) \(\d\)$")
# Trackers that sign a name after its group without a bracket: "x264-GRP EZTV".
_TRACKER_WORDS = ("eztv", "ettv", "rarbg", "rartv", "tgx")
_TRACKER_WORD_SUFFIX_RE = re.compile(
    r"(?<=[^\W_])(?: - | |\.)(?:" + "|".join(_TRACKER_WORDS) + r")$", re.IGNORECASE
)
_TRANSFER_ENDINGS = (".part", ".!qb", ".!ut", "download", ".rar", ".torrent", ".par2", ")")
_ARTICLE_BEFORE_RE = re.compile(r"(?<![a-z0-9])(?:the|a|an)[ ._]$", re.IGNORECASE)


def parse_release(name: str) -> ReleaseInfo:
    """Parse a release title, a file name or a path (folders give context to the file)."""
    return ReleaseInfo(**_parse_path(name))


def _parse_path(name: str) -> dict[str, Any]:
    if '"' in name:
        name = _nzb_subject_name(name)
    if "/" in name and ("(" in name or "[" in name):
        # "Title (2024/S01E07/DSNP/WEB-DL/1080p)": slashes inside a bracket list the tags.
        # "[间谍过家家 / SPY×FAMILY]" is two titles: only unspaced slashes separate tags.
        name = _SLASH_LIST_RE.sub(lambda m: PATH_SPLIT_RE.sub(" ", m.group()), name)
    if "/" in name or "\\" in name:
        parts = [p for p in PATH_SPLIT_RE.split(name.strip()) if p.strip()]
    else:
        parts = [name] if name.strip() else []
    if not parts:
        return {}
    base = parts[-1].strip()
    tail = base[-12:].lower()
    if tail.endswith(_TRANSFER_ENDINGS) or (tail[-4:-2] == ".r" and tail[-2:].isdigit()):
        # "Name.mkv.part", "Name.mkv.!qB", "Name.part01.rar", "Name.torrent", "Name (1)": what a
        # download client or a browser adds to the release's own name.
        tm = _TRANSFER_SUFFIX_RE.search(base, max(0, len(base) - 32))
        if tm and tm.start() > 0 and (tm.group()[0] == "." or "-" in base[-20 : tm.start()]):
            base = base[: tm.start()]
    base = _strip_repost_tags(base)
    container = None
    not_media = False
    subtitle_languages: tuple[str, ...] = ()
    # An extension is at most five characters: searching the end of the name is enough.
    m = EXT_RE.search(base, max(0, len(base) - 16))
    if m:
        ext = m.group(1).lower()
        if ext in VIDEO_EXTENSIONS or ext in SUBTITLE_EXTENSIONS:
            container = ext
            base = base[: m.start()]
            if base.endswith(")"):
                # "Name-GRP (1).mkv": a browser's second download of the same file.
                dm = _DUPLICATE_SUFFIX_RE.search(base, max(0, len(base) - 8))
                if dm and "-" in base[-20 : dm.start()]:
                    base = base[: dm.start()]
            if ext in SUBTITLE_EXTENSIONS:
                base, subtitle_languages = _subtitle_suffix(base)
        elif ext in _AUDIO_EXTENSIONS and _VIDEO_RELEASE_RE.search(base, 0, m.start()):
            # "Show.E05.1080p.WEB-DL.H264.AAC": the audio codec that ends a video release name.
            pass
        elif ext in NON_MEDIA_EXTENSIONS:
            # An .nfo or .sfv describes the release it sits in; photos and documents do not.
            not_media = ext not in _RELEASE_METADATA_EXTENSIONS
            base = base[: m.start()]
    if (
        ("S." in base or "S " in base or "p0" in base or "s." in base or "s " in base)
        and _REVERSED_RE.search(base)
        and not _FORWARD_MARKER_RE.search(base)
    ):
        # "QoQ-sbuSLN.462.H.LD-BEW.p0801.70E10S.eltiT.wohS": a name written backwards (an
        # obfuscation some uploaders use): it reads forwards once turned around.
        base = base[::-1]
    result = _parse_name(base, video_file=container in VIDEO_EXTENSIONS)
    anime = result.pop("_anime")
    parsed_parent: dict[str, Any] | None = None
    if len(parts) > 1 and not _LEADING_EPISODE_RE.match(base.strip()):
        # "Release.Name.S01E02.1080p-GRP/8f3a2b1c9d.mkv" or ".../cwr-2160p.mkv": an obfuscated
        # file name; its release folder describes it.
        parent = _parse_name(parts[-2].strip())
        parsed_parent = dict(parent)
        release_folder = bool(
            parent["resolution"] or parent["source"] or parent["seasons"] or parent["episodes"]
        )
        group = parent["release_group"]
        if release_folder and group and base.lower().startswith(group.lower() + "-"):
            # Scene files carry their group in front: "GRP-Show.S01E02/grp-show.s01e02.mkv".
            result = _parse_name(base[len(group) + 1 :])
            anime = result.pop("_anime")
            if result["title"].lower() == parent["title"].lower():
                # The lower-case scene file name: the folder spells the title properly.
                result["title"] = parent["title"]
        if release_folder and (
            _says_nothing(result)
            or _is_obfuscated(result, parent)
            # "Show.S02E05.1080p.WEB-DL/160725_02.mkv": a file named only with digits inside
            # a single episode's folder is that episode.
            or (parent["episodes"] and not any(ch.isalpha() for ch in base))
        ):
            anime = parent.pop("_anime")
            parent["is_sample"] = parent["is_sample"] or result["is_sample"]
            if parent["is_full_season"] and not parent["is_multi_season"]:
                # "Show.S01.1080p/Pilot.mkv": one file of a season pack, not the whole season.
                parent["is_full_season"] = False
            result = parent
        elif result is not parent and release_folder:
            # "Show.S06E09.DVDRip.XviD-WAT/show.s06e09.dvdrip.xvid-wat.avi": a lower-case scene
            # file name; the folder spells the group as the group does.
            mine = result["release_group"]
            if group and mine and mine != group and mine.lower() == group.lower():
                result["release_group"] = group
    result["container"] = container
    if subtitle_languages:
        result["subtitles"] = subtitle_languages
    if len(parts) > 1:
        _apply_folders(result, base, parts[:-1], anime, parsed_parent)
    # After the folders: a release folder's resolution beats what the file's name implies.
    if result["resolution"] is None and (
        container == "avi"
        or result["source"] == "dvd"
        # XviD and DivX encodes are standard definition (an HD one says "XviDHD").
        or (result["video_codec"] in ("xvid", "divx") and "xvidhd" not in base.lower())
        or (result["source"] == "tv" and _SD_TV_RE.search(base))
    ):
        # Without a resolution, an HDTV/PDTV/DSR capture, a DVD, an XviD or a bare .avi is
        # standard definition.
        result["resolution"] = 480
    elif result["resolution"] is None and result["source"] == "raw" and _RAW_HD_RE.search(base):
        # Raw-HD is the broadcast's own 1080i stream.
        result["resolution"] = 1080
    if result["source"] in (None, "tv") and (
        (container == "ts" and _INTERLACED_HD_RE.search(base)) or _BROADCAST_STREAM_RE.search(base)
    ):
        # A 1080i transport stream, or 1080i MPEG-2 whatever the file is called, is the
        # broadcast itself (Raw-HD), not an encode of it.
        result["source"] = "raw"
    if not result.get("is_sample") and len(parts) > 1 and parts[-2].strip().lower() == "sample":
        result["is_sample"] = True
    result.pop("_leading_number", None)
    if not_media:
        # A photo or a document never describes an episode, whatever digits its name has.
        for key in ("seasons", "episodes", "absolute_episodes"):
            result[key] = ()
        result["air_date"] = None
        result["is_full_season"] = result["is_multi_season"] = result["is_special"] = False
    return result


def _nzb_subject_name(subject: str) -> str:
    """The release name in a Usenet subject: ``[01/45] - "Name.S01E01.part01.rar" yEnc (1/51)``.

    The quoted file name is the release name unless it is obfuscated (one random word), in which
    case the poster's text around it is.
    """
    m = NZB_QUOTED_RE.search(subject)
    if not m:
        return subject
    quoted = m.group(1).strip()
    is_subject = "yenc" in subject.lower() or ARCHIVE_SUFFIX_RE.search(quoted)
    if not is_subject:
        return subject
    quoted = ARCHIVE_SUFFIX_RE.sub("", quoted)
    outside = NZB_NOISE_RE.sub(" ", subject).strip(" -–")
    stem = EXT_RE.sub("", quoted)
    if outside and not any(ch in stem for ch in " ._-"):
        return outside
    return quoted


def _has_glued_resolution(text: str) -> bool:
    # Cheaper than the substitution's lookbehind at every position: the digits come first.
    return any(
        m.start() and text[m.start() - 1] in _ASCII_LETTERS
        for m in _RESOLUTION_DIGITS_RE.finditer(text)
    )


# The words REPOST_SUFFIX_RE can end a name with (after an optional "]" and "-1"): a name that
# ends with none of them cannot match, and almost none do.
_REPOST_ENDINGS = (
    "obfuscated", "scrambled", "xpost", "postbot", "asrequested", "alternativetorequested",
    "chamele0n", "whiterev", "buymore", "repackpost", "nzbgeek", "gerov", "z0ids3n", "4planet",
    "4p", "rp",
)  # fmt: skip


def _may_end_with_repost_tag(text: str) -> bool:
    tail = text[-32:].rstrip().lower()
    if tail[-2:-1] in ("-", ".") and tail[-1:].isdigit():
        tail = tail[:-2]
    tail = tail.removesuffix("]")
    return tail.endswith(_REPOST_ENDINGS) or "rakuv" in tail


def _strip_repost_tags(text: str) -> str:
    """``Name-GRP-Obfuscated`` -> ``Name-GRP``: reposters' tags after the real group."""
    for _ in range(3):
        if not _may_end_with_repost_tag(text):
            return text
        # The suffixes are short: searching the end of the name is enough.
        m = REPOST_SUFFIX_RE.search(text, max(0, len(text) - 40))
        if not m or m.start() == 0:
            return text
        rest = text[: m.start()].rstrip()
        # A short tag such as "-RP" is only a repost tag after a real "-GROUP".
        if len(m.group(1)) <= 2 and "-" not in rest[-20:]:
            return text
        text = rest
    return text


def _subtitle_suffix(base: str) -> tuple[str, tuple[str, ...]]:
    """``Movie.en.forced`` -> (``Movie``, ``("en",)``): the language a subtitle file is in.

    Also the numbered tracks that release folders carry: ``Subs/2_English.srt``.
    """
    rest = base
    while True:
        m = _SUBTITLE_FLAG_RE.search(rest)
        if not m:
            break
        rest = rest[: m.start()]
    # "Movie.en.hi.srt" is hearing-impaired English, "Movie.hi.srt" is Hindi.
    for candidate in (rest, base) if rest != base else (base,):
        m = _SUBTITLE_LANGUAGE_RE.search(candidate)
        code = language_code(m.group(2)) if m else None
        if m and code:
            return candidate[: m.start()], (code,)
    return base, ()


def _is_obfuscated(result: dict[str, Any], parent: dict[str, Any]) -> bool:
    """A one-word file name with no numbering or year inside a release folder that has them."""
    return (
        " " not in result["title"].strip()
        and not (result["seasons"] or result["episodes"] or result["absolute_episodes"])
        and result["air_date"] is None
        and result["year"] is None
        # A season pack's folder does not say which episode "Pilot.mkv" is.
        and bool(parent["year"] or parent["episodes"] or parent["air_date"])
        and parent["title"].lower() != result["title"].lower()
    )


def _numbered(result: dict[str, Any]) -> bool:
    return bool(
        result["seasons"] or result["episodes"] or result["absolute_episodes"] or result["air_date"]
    )


def _says_nothing(result: dict[str, Any]) -> bool:
    return not (
        result["seasons"]
        or result["episodes"]
        or result["absolute_episodes"]
        or result["air_date"]
        or result["year"]
        or result["resolution"]
        or result["source"]
        or result["video_codec"]
        or result["release_group"]
        or result["is_special"]
        or " " in result["title"].strip()
    )


def _quality_from_pack(result: dict[str, Any], season: dict[str, Any], folder: str) -> None:
    pack = _parse_name(folder)
    if not (pack["source"] or pack["resolution"]) or not pack["seasons"]:
        return
    if normalize_title(pack["title"]) != normalize_title(season["title"]):
        return
    for key in ("resolution", "source", "video_codec", "audio_codec", "release_group"):
        if result[key] is None and pack[key] is not None:
            result[key] = pack[key]


def _apply_folders(
    result: dict[str, Any],
    base: str,
    folders: list[str],
    anime: bool,
    parsed_parent: dict[str, Any] | None = None,
) -> None:
    """What the folders say about a file: the show's title, the season, the release's quality.

    ``parsed_parent`` is the innermost folder already parsed by the caller (parsed once only).
    """
    folder_season = None
    leading_episode = None
    episode_title_only = False
    leading_number = result.get("_leading_number")
    if leading_number or not (
        result["seasons"] or result["episodes"] or result["absolute_episodes"]
    ):
        m = _LEADING_EPISODE_RE.match(base.strip())
        if m and not result["air_date"] and result["year"] is None:
            # "05 - Pilot.mkv" or "Episode 5.mkv": the name is numbering and an episode title.
            leading_episode = int(m.group(1))
            result["title"] = ""
            result["alternative_titles"] = ()
            result["absolute_episodes"] = ()
    for index in range(len(folders) - 1, -1, -1):
        folder = folders[index].strip()
        fm = _SEASON_FOLDER_RE.match(folder)
        if fm:
            if folder_season is None:
                folder_season = int(fm.group(1)) if fm.group(1) else 0
            continue
        if folder.lower() in _SUBTITLE_FOLDERS or _EXTRAS_RE.fullmatch(folder):
            continue
        if folder.lower() in _GENERIC_FOLDERS or folder.endswith(":"):
            break
        last = index == len(folders) - 1
        parent = dict(parsed_parent) if last and parsed_parent else _parse_name(folder)
        parent.pop("_anime")
        if (
            folder_season  # a numbered season: "Extras" and "Specials" hold other things too
            and result["title"]
            and not _numbered(result)
            and result["year"] is None
            and parent["title"]
            and normalize_title(result["title"]) != normalize_title(parent["title"])
        ):
            # "Show (2008)/Season 1/Apotheosis.mp4": a file named only with the episode's title
            # in a season folder; the show's folder names the show.
            result["title"] = ""
            episode_title_only = True
        if not result["title"]:
            result["title"] = parent["title"]
            result["alternative_titles"] = parent["alternative_titles"]
            if result["year"] is None:
                result["year"] = parent["year"]
        elif (
            result["year"] is None
            and parent["year"] is not None
            and normalize_title(result["title"]) == normalize_title(parent["title"])
        ):
            # "Movies/Toy Story (1995)/Toy Story [HDTV 720p].mkv": the library folder's year.
            result["year"] = parent["year"]
        if folder_season is None and len(parent["seasons"]) == 1 and not result["seasons"]:
            folder_season = parent["seasons"][0]
        if parent["seasons"] and not parent["episodes"] and not _numbered(result):
            # "Show.S02.1080p/Extras/Deleted Scenes.mkv": belongs to the pack's season(s), but is
            # not the whole season.
            result["seasons"] = parent["seasons"]
            result["is_full_season"] = False
        # A release folder holds files named only "01.mkv": its quality applies to them.
        for key in ("resolution", "source", "video_codec", "audio_codec", "release_group"):
            if result[key] is None and parent[key] is not None:
                result[key] = parent[key]
        if not result["languages"]:
            result["languages"] = parent["languages"]
        if (
            index
            and parent["seasons"]
            and parent["source"] is None
            and parent["resolution"] is None
        ):
            # "Show Season 1 - 4 Complete DVDRip/Show Season 4/Show - (4x03).mkv": a season's
            # folder inside a pack; the pack's folder names the quality.
            _quality_from_pack(result, parent, folders[index - 1].strip())
        break
    if leading_episode is not None and (folder_season is not None or result["title"]):
        result["episodes"] = (leading_episode,)
    if folder_season is None:
        return
    if episode_title_only:
        result["seasons"] = (folder_season,)
        result["is_full_season"] = False
    if not result["seasons"] and (result["episodes"] or result["absolute_episodes"]):
        result["seasons"] = (folder_season,)
        if not result["episodes"]:
            result["episodes"] = result["absolute_episodes"]
            if not anime:
                result["absolute_episodes"] = ()
        result["is_full_season"] = False
        if folder_season == 0:
            result["is_special"] = True


@dataclass(slots=True)
class _Prepared:
    """A name with its website, repost, group and date wrappings taken off."""

    body: str
    anime: bool = False
    group: str | None = None
    bracket_text: str | None = None
    leading_year: int | None = None
    leading_date: date | None = None
    # "003. Title - Episode title", "[Group] 01 - Title": numbers in front of the title.
    leading_numbers: tuple[int, ...] = ()
    leading_end: int = 0
    # A fansub CRC ("[ABCD1234]") was in the name.
    hashed: bool = False


@dataclass(slots=True)
class _TitleBounds:
    """Where the title ends, and the release year that may end it."""

    title_end: int
    title_start: int = 0
    year: int | None = None
    year_end: int = 0
    anchor_is_year: bool = False


def _parse_name(text: str, video_file: bool = False) -> dict[str, Any]:
    name = _prepare(text)
    body = name.body
    tags = _scan(body)
    # First strong quality tag: the title ends there at the latest.
    quality_start = min((t.start for t in tags if t.strong and t.start > 0), default=len(body))
    num = find_numbering(body, name.anime, quality_start, tags, video_file)
    if name.leading_date is not None and num.air_date is None:
        num.air_date = name.leading_date
    title_start = 0
    if name.leading_numbers and not num.numbered:
        num.absolute.extend(name.leading_numbers)
        num.spans.append((0, name.leading_end))
        title_start = name.leading_end
    anchor = min(quality_start, num.anchor)
    bounds = _find_year(body, tags, num, anchor, name.leading_year)
    bounds.title_start = title_start
    accepted = _accept_tags(body, tags, quality_start, bounds)
    _end_title_before_markers(body, num, bounds)
    if bounds.year is None and not num.numbered and any(t.value == "COMPLETE" for t in accepted):
        # "The.Wire.COMPLETE.720p": COMPLETE without a season or a year is the whole show.
        num.complete_series = True
    result = _collect_tags(accepted, bounds.title_end)
    title, alternatives, group = _title_and_group(name, tags, num, bounds, anchor, quality_start)
    _put_numbering(result, num)
    result.update(
        title=title,
        alternative_titles=alternatives,
        year=bounds.year,
        version=num.version or result.pop("_version", None),
        release_group=group,
        _anime=name.anime,
        _leading_number=bool(title_start),
    )
    result.pop("_version", None)
    _imply_from_name(result, body, name.anime, num, bounds.title_end)
    return result


def _prepare(text: str) -> _Prepared:
    """Take off what wraps the release name: sites, reposters, a group bracket, a date."""
    body = _strip_repost_tags(text.strip())
    m = (
        SITE_PREFIX_RE.match(body)
        if body[:1] in "[(【{" or body[:4].lower() == "www." or " - " in body or " – " in body
        else None
    )
    if m and m.end() < len(body):
        body = body[m.end() :]
    # Cheap substring checks skip regexes that cannot match; they are most of the parse time.
    for _ in range(2):
        if not body.endswith(("]", ")")):
            break
        # The tag is the last bracket: the search starts a little before it.
        opening = max(body.rfind("["), body.rfind("("))
        m = SITE_SUFFIX_RE.search(body, max(0, opening - 8))
        if not m or m.start() == 0:
            break
        body = _strip_repost_tags(body[: m.start()])
    if body[-5:].lower().endswith(_TRACKER_WORDS):
        tm = _TRACKER_WORD_SUFFIX_RE.search(body, max(0, len(body) - 10))
        if tm and "-" in body[max(0, tm.start() - 20) : tm.start()]:
            body = body[: tm.start()]
    if "www." in body[-64:].lower():
        # "x264-GRP.www.site.com", "XviD-NTK.par-www.site.com": the site that posted it.
        m = WWW_SUFFIX_RE.search(body, max(0, len(body) - 64))
        if m and m.start() > 0:
            body = body[: m.start()]
    name = _Prepared(body)
    if ("[" in body or "(" in body) and HASH_RE.search(body):
        name.anime = name.hashed = True
        body = HASH_RE.sub(" ", body).rstrip()
    m = LEADING_BRACKET_RE.match(body) if body.lstrip()[:1] in ("[", "【") else None
    if m and m.end() < len(body):
        content = m.group(1).strip()
        if _LEADING_YYMMDD_RE.match(content + " x"):
            # "[240101] Show E03": a bracketed air date, read with the unbracketed one below.
            body = content + " " + body[m.end() :]
        elif not _is_tag_text(content) and not ep.YEAR_RE.fullmatch(content.lower()):
            name.group = name.bracket_text = content
            name.anime = True
            body = body[m.end() :]
    if body[:1] in "([" or body[:2] in (" (", " ["):
        # "[Group] (2023) Title 05": a bracketed year in front of the title is the year.
        ym = _LEADING_YEAR_RE.match(body)
        if ym and int(ym.group(1)) <= MAX_YEAR:
            name.leading_year = int(ym.group(1))
            body = body[ym.end() :]
    if "_" in body:
        body = _CAP_RANGE_RE.sub(r"\1-", body)
        body = _NX_LIST_RE.sub(lambda m: m.group().replace("_", "+"), body).replace("_", " ")
    tag_bracket = ""
    if body[:1] == "[" and not name.group:
        # "[TVRip] 231004 Show ep03": a recording's tag bracket before the air date.
        lm = LEADING_BRACKET_RE.match(body)
        if lm and body[lm.end() : lm.end() + 1].isdigit() and _is_tag_text(lm.group(1)):
            tag_bracket, body = body[: lm.end()], body[lm.end() :]
    if body[:1].isdigit():
        # "240315 Show Name ep12", "190720 Show Live 1080i": Japanese and Korean TV recordings
        # start with the air date (told from a number in the title by what follows it).
        dm = _LEADING_YYMMDD_RE.match(body)
        if dm and (
            tag_bracket
            or ep.EPISODE_WORD_RE.search(ep.lower_text(body), dm.end())
            or (
                # "101010 Dalmatians 1996 1080p": with a year, a number in a title.
                _RECORDING_QUALITY_RE.search(body, dm.end())
                and not ep.YEAR_RE.search(ep.lower_text(body), dm.end())
            )
        ):
            found = ep.make_date(2000 + int(dm.group(1)), int(dm.group(2)), int(dm.group(3)))
            if found is not None:
                name.leading_date = found
                body = body[dm.end() :]
    if tag_bracket:
        body = tag_bracket + " " + body
    if "★" in body:
        body = _STARS_RE.sub(" ", body)
    if _has_glued_resolution(body):
        body = _GLUED_RESOLUTION_RE.sub(" ", body)
    if body[:1] in "[【":
        body = _unwrap_bracket_title(body)
    name.body = body
    if body[:1].isdigit():
        _leading_numbers(name)
    return name


def _leading_numbers(name: _Prepared) -> None:
    """``003. Title - Episode``, ``03-Title.avi``, ``[Group] 06 Title (720p)``: an episode
    number written in front of the title (used only when nothing else numbers the name)."""
    m = _LEADING_NUMBER_RE.match(name.body) or _LEADING_PADDED_NUMBER_RE.match(name.body)
    if m is None and name.anime:
        m = _LEADING_ANIME_NUMBER_RE.match(name.body)
    if m is None or ep.YEAR_RE.search(ep.lower_text(name.body)):
        return
    first = int(m.group(1))
    if not 0 < first < 1900:
        return
    numbers = [first]
    if m.lastindex == 2:
        ep.expand(numbers, first, int(m.group(2)))
    name.leading_numbers = tuple(numbers)
    name.leading_end = m.end()


def _scan(body: str) -> list[Tag]:
    """The tags of a name, in order, with channels that belong to a title taken out."""
    tags = scan_tags(body)
    if tags and any(t.field == "audio_channels" for t in tags):
        # "M3GAN.2.0.2025.1080p", "Show.Name.2.0.S01E01": bare channels right before the year
        # or the numbering are part of the title.
        tags = [
            t
            for t in tags
            if t.field != "audio_channels"
            or not (
                _YEAR_AFTER_RE.match(body, t.end)
                or ep.SXXEYY_RE.match(ep.lower_text(body), t.end + 1, t.end + 12)
            )
        ]
    if (
        ("720" in body or "1080" in body or "2160" in body or "576" in body or "480" in body)
        and tags
        and not any(t.field == "resolution" for t in tags)
    ):
        bare = _bare_resolution(body, tags)
        if bare is not None:
            tags = sorted([*tags, bare], key=lambda t: t.start)
    return tags


def _find_year(
    body: str, tags: list[Tag], num: Numbering, anchor: int, leading_year: int | None
) -> _TitleBounds:
    """The release year and where the title ends.

    The last year before the first anchor is the release year, earlier ones are part of the
    title ("2001 A Space Odyssey 1968"); a year at the very start is always the title.
    """
    bounds = _TitleBounds(title_end=anchor)
    years = [
        (ym.start(), ym.end(), int(ym.group(2)))
        for ym in (ep.YEAR_RE.finditer(ep.lower_text(body)) if "19" in body or "20" in body else ())
        if int(ym.group(2)) <= MAX_YEAR
        and not overlaps(ym.start(), ym.end(), num.spans)
        # "1920*1080" is a size, not a year.
        and not any(t.start <= ym.start(2) < t.end for t in tags if t.field == "resolution")
    ]
    for start, end, value in reversed(years):
        if end > anchor or start == 0:
            continue
        if not body[:start].strip(SEPARATORS):
            continue
        # Words between this year and the tags are an episode title or tags we do not know.
        bounds.year = value
        bounds.title_end = start
        bounds.year_end = end
        bounds.anchor_is_year = True
        return bounds
    for start, _end, value in years:
        if start >= anchor and start > 0:
            bounds.year = value
            return bounds
    bounds.year = leading_year
    return bounds


def _accept_tags(body: str, tags: list[Tag], quality_start: int, bounds: _TitleBounds) -> list[Tag]:
    """The tags that count, in order; the title may end earlier at weak tags before the tags.

    Weak tags in front of the first strong tag belong to the tags when nothing but tags
    separates them from it ("Movie.FRENCH.1080p"), but not in front of a year or episode.
    """
    accepted: list[Tag] = []
    weak_before: list[Tag] = []
    weak_after: list[Tag] = []
    title_end = bounds.title_end
    for tag in tags:
        if tag.strong:
            accepted.append(tag)
        elif tag.start >= quality_start:
            # In the tag area a weak "Remux" is the source ("[Bluray-1080p Remux]"), not a word.
            accepted.append(tag._replace(strong=tag.value == "remux"))
        elif tag.start >= title_end:
            weak_after.append(tag)
        elif tag.start > 0:
            weak_before.append(tag)
    if weak_after:
        accepted.extend(_tag_area_weak_tags(body, weak_after, quality_start))
    if weak_before and not bounds.anchor_is_year and title_end == quality_start:
        boundary = title_end
        for tag in reversed(weak_before):
            if tag.end <= boundary and not body[tag.end : boundary].strip(SEPARATORS):
                accepted.append(tag)
                boundary = tag.start
        if boundary < title_end and body[:boundary].strip(SEPARATORS):
            bounds.title_end = boundary
    elif weak_before and bounds.anchor_is_year:
        _end_title_before_year_tags(body, weak_before, accepted, bounds)
    accepted.sort(key=lambda t: t.start)
    return accepted


def _end_title_before_year_tags(
    body: str, weak_before: list[Tag], accepted: list[Tag], bounds: _TitleBounds
) -> None:
    """``Movie EXTENDED (2016)``, ``Movie.GERMAN.2011``: an edition or a language written
    right before the release year is a tag, not the end of the title. A language counts only
    in capitals (``Johnny.English.2003`` is a title), and never after an article."""
    boundary = bounds.title_end
    found: list[Tag] = []
    for tag in reversed(weak_before):
        if tag.end > boundary or body[tag.end : boundary].strip(SEPARATORS):
            break
        if tag.field == "languages":
            # "Johnny.English.2003" is a title: only a scene-style capitalised word counts.
            if not (tag.text.isupper() and len(tag.text) >= 3):
                break
        elif tag.field != "edition":
            break
        found.append(tag)
        boundary = tag.start
    later = {t.value for t in accepted if t.field == "languages" and t.start > bounds.title_end}
    if any(t.value in later for t in found):
        # "Immersion.French.2011...FRENCH": the tags name the language, the title word is title.
        return
    if (
        found
        and body[:boundary].strip(SEPARATORS)
        and not _ARTICLE_BEFORE_RE.search(body, 0, boundary)
    ):
        accepted.extend(found)
        bounds.title_end = boundary


def _end_title_before_markers(body: str, num: Numbering, bounds: _TitleBounds) -> None:
    """A special's occasion or an episode word in front of the numbering is not title."""
    if num.special_start is not None and 0 < num.special_start < bounds.title_end:
        bounds.title_end = num.special_start
        # "Show Christmas Special": the occasion belongs to the special, not to the title.
        hm = _OCCASION_END_RE.search(body, 0, bounds.title_end)
        if hm and hm.start() > 0:
            bounds.title_end = hm.start()
    # "Show Cap.1x05", "Show Ep 1x05": an episode word left in front of the numbering.
    wm = EPISODE_WORD_END_RE.search(body, max(0, bounds.title_end - 24), bounds.title_end)
    if wm and wm.start() > 0 and bounds.title_end == num.anchor:
        bounds.title_end = wm.start()
    if num.seasons and bounds.title_end == num.anchor and "complete" in body[: num.anchor].lower():
        # "Show.COMPLETE.S01", "Show - The Complete First Season": the word describes the pack.
        cm = _COMPLETE_END_RE.search(body, 0, bounds.title_end)
        if cm and cm.start() > 0:
            bounds.title_end = cm.start()


def _title_and_group(
    name: _Prepared,
    tags: list[Tag],
    num: Numbering,
    bounds: _TitleBounds,
    anchor: int,
    quality_start: int,
) -> tuple[str, tuple[str, ...], str | None]:
    body, title_end = name.body, bounds.title_end
    group = name.group
    if group is None:
        group = _trailing_group(body, title_end, tags)
    elif not name.hashed and body[-1:].isalnum():
        # "[TGx] Show S01E01 1080p WEB x264-GRP", "[阿维达].Avida.2006.DVDRip.XviD-PROD": the
        # scene group after the last tag names the release; the bracket in front is an
        # uploader's tag or a native title.
        trailing = _trailing_group(body, title_end, tags)
        dash = len(body) - len(trailing or "") - 1
        if trailing and body[dash] == "-" and any(t.strong and t.end == dash for t in tags):
            group = trailing
    if bounds.title_start:
        # After a leading episode number, " - " separates the title from the episode's title.
        dash = body.find(" - ", bounds.title_start, title_end)
        title, alternatives = clean_title(
            body[bounds.title_start : dash if dash > bounds.title_start else title_end]
        )
    else:
        raw = body[:title_end]
        if (
            "-" in raw
            and not any(ch in body for ch in " ._")
            and (num.numbered or quality_start < len(body))
        ):
            # "Show-Name-S01E01-720p-HDTV-GRP": dashes are the name's only separator ("dmd-aw"
            # without numbering or tags is an obfuscated scene file name).
            raw = raw.replace("-", " ")
        title, alternatives = clean_title(raw)
    if alternatives == () and title and not _LATIN_RE.search(title):
        latin = _latin_title_after_slash(body, title_end, quality_start)
        if latin:
            title, alternatives = latin, (title,)
    year_end = bounds.year_end
    if year_end and "ka" in body[year_end : year_end + 8].lower():
        # "Title (2017) AKA Other Title 1080p": an alternative title after the year.
        am = _AKA_AFTER_RE.match(body, year_end)
        if am and am.end() < anchor:
            other = clean_title(body[am.end() : min(anchor, quality_start)])[0]
            if other:
                alternatives = (*alternatives, other)
    if not title and name.bracket_text and num.seasons and not body[:title_end].strip(SEPARATORS):
        # "[Show Name] S01E01 1080p": with nothing before the numbering, the bracket is the title.
        title, alternatives = clean_title(name.bracket_text)
        group = _trailing_group(body, title_end, tags)
    return title, alternatives, group


def _latin_title_after_slash(body: str, start: int, end: int) -> str | None:
    """``Речной изгиб (Сезон 1, Серии 1-8) / River Bend (2020)``: the Latin title that Russian
    trackers write after the numbering and a slash."""
    slash = body.find(" / ", start, end)
    if slash < 0:
        return None
    m = _LATIN_TITLE_RE.match(body, slash + 3, end)
    if m is None:
        return None
    title = clean_title(m.group(1))[0]
    return title if title and all(ch <= "\u024f" for ch in title if ch.isalpha()) else None


def _put_numbering(result: dict[str, Any], num: Numbering) -> None:
    result.update(
        seasons=tuple(num.seasons),
        episodes=tuple(num.episodes),
        absolute_episodes=tuple(num.absolute),
        air_date=num.air_date,
        is_full_season=(
            bool(num.seasons) and not num.episodes and not num.absolute and num.air_date is None
        )
        or num.complete_series,
        is_multi_season=len(num.seasons) > 1 or num.complete_series,
        is_special=num.special or 0 in num.seasons,
    )


def _imply_from_name(
    result: dict[str, Any], body: str, anime: bool, num: Numbering, title_end: int
) -> None:
    """What the kind of name implies: fansub sources, extras, albums and samples."""
    if result["source"] is None and result["streaming_service"]:
        # "Show.S01E01.1080p.AMZN.DDP5.1.H.264-GRP": a streaming service's download.
        result["source"] = "web"
    elif result["source"] is None and result["resolution"] and (num.numbered or not anime):
        # A release that gives only its resolution is graded as a TV capture (as the *arr
        # programs grade "Show.S01E01.720p-GRP" HDTV-720p); fansub episodes mostly are one.
        result["source"] = "tv"
    if result["is_full_season"] and not num.complete_series and _EXTRAS_RE.search(body):
        result["is_full_season"] = False
    if (
        result["absolute_episodes"]
        and not anime
        and result["audio_codec"] in _MUSIC_CODECS
        and not (result["resolution"] or result["source"] or result["video_codec"])
    ):
        # "The Beatles - 1 (2000) [FLAC]": a music album, whose number is its title.
        result["absolute_episodes"] = ()
    title = result["title"]
    if not result["is_sample"] and "ampl" in body.lower() and title.lower() != "sample":
        # "The.Sample.Room.S01E01" is a title word; "sample-movie" or "movie-sample" is not.
        for sm in _SAMPLE_RE.finditer(body):
            if sm.start() >= title_end or sm.start() == 0 or not body[sm.end() :].strip():
                result["is_sample"] = True
                break


def _tag_area_weak_tags(body: str, weak: list[Tag], quality_start: int) -> list[Tag]:
    """Weak tags between the numbering (or year) and the first strong tag that are tags.

    That stretch is usually an episode title, where ``Web``, ``Proper`` or ``Cam`` are ordinary
    words: a weak tag counts only when nothing but tags separates it from the strong tags (or
    the end), and not after an article ("The.German", "Caught.in.the.Web"). A weak tag written
    in capitals in a mixed-case name ("S01E01.PROPER.Pilot.720p") is a scene flag wherever it is.
    """
    accepted = []
    boundary = quality_start
    mixed_case = not body.isupper() and not body.islower()
    for tag in reversed(weak):
        contiguous = tag.end <= boundary and not body[tag.end : boundary].strip(SEPARATORS)
        capitals = mixed_case and len(tag.text) > 2 and tag.text.isupper()
        if contiguous and _ARTICLE_BEFORE_RE.search(body, 0, tag.start):
            contiguous = False
        if contiguous or capitals:
            accepted.append(tag)
        if contiguous:
            boundary = tag.start
    return accepted[::-1]


def _unwrap_bracket_title(body: str) -> str:
    """``[Title][01][1080p]`` -> ``Title [01][1080p]``: the first text block is the title.

    Tag blocks in front of an unbracketed title go behind it:
    ``[BD][1080p] Title 08`` -> ``Title 08 [BD][1080p]``.
    """
    tags_end = 0
    for bm in _BRACKET_BLOCK_RE.finditer(body):
        content = bm.group(1).strip()
        if _is_title_block(bm):
            end = bm.end()
            nm = _BRACKET_BLOCK_RE.match(body, end + (body[end : end + 1] == " "))
            if nm and _is_title_block(nm):
                # "[葬送的芙莉莲][Sousou no Frieren][05]": a second title block is the title in
                # another language, as "Title / Other title".
                content += " / " + nm.group(1).strip()
                end = nm.end()
            if tags_end and not body[tags_end : bm.start()].strip():
                # "[1080p][Title][05]": the tags in front go behind the title.
                return content + " " + body[: bm.start()] + body[end:]
            return body[: bm.start()] + " " + content + " " + body[end:]
        if content and _is_tag_text(content) and not body[tags_end : bm.start()].strip():
            tags_end = bm.end()
            rest = body[tags_end:].lstrip(" ._-")
            if rest and rest[0] not in "[【(":
                return rest + " " + body[:tags_end]
    return body


def _is_title_block(bm: re.Match[str]) -> bool:
    content = bm.group(1).strip()
    return bool(
        content
        and not content.isdigit()
        and not _is_tag_text(content)
        and not ep.ANIME_BRACKET_RE.fullmatch(bm.group().lower())
    )


def _is_tag_text(text: str) -> bool:
    words = _WORD_RE.findall(text)
    if not words:
        return True
    tags = scan_tags(text)
    covered = sum(t.end - t.start for t in tags)
    letters = sum(len(w) for w in words)
    return covered >= letters * 0.6


def _only_tags(text: str) -> bool:
    """Every word of ``text`` is (part of) a tag."""
    tags = scan_tags(text)
    return bool(tags) and all(
        any(t.start <= w.start() < t.end for t in tags) for w in _WORD_RE.finditer(text)
    )


def _collect_tags(tags: list[Tag], title_end: int) -> dict[str, Any]:
    sources: list[str] = []
    strong_sources: list[str] = []
    hdr: list[str] = []
    languages: list[str] = []
    subtitles: list[str] = []
    result: dict[str, Any] = {
        "resolution": None,
        "video_codec": None,
        "bit_depth": None,
        "audio_codec": None,
        "audio_channels": None,
        "streaming_service": None,
        "edition": None,
        "proper": False,
        "repack": False,
        "is_sample": False,
    }
    for index, tag in enumerate(tags):
        field = tag.field
        value = tag.value
        if field == "source":
            if tag.strong:
                strong_sources.append(value)  # type: ignore[arg-type]
            sources.append(value)  # type: ignore[arg-type]
        elif field == "resolution":
            if value is None:
                value = _height_resolution(tag.text)
            if result["resolution"] is None or (tag.strong and value != 2160):
                result["resolution"] = value
        elif field == "audio_codec":
            if result["audio_codec"] in (None, "atmos"):
                result["audio_codec"] = value
            if result["audio_channels"] is None:
                cm = _CHANNELS_RE.search(tag.text)
                if cm:
                    result["audio_channels"] = _channels(cm)
        elif field == "audio_channels":
            if result["audio_channels"] is None:
                cm = _CHANNELS_RE.search(tag.text)
                if cm:
                    result["audio_channels"] = _channels(cm)
        elif field == "hdr":
            if value not in hdr:
                hdr.append(value)  # type: ignore[arg-type]
        elif field == "languages":
            if index + 1 < len(tags) and tags[index + 1].value == "SUBBED":
                # "GERMAN.SUBBED", "ITA SUBS": the language of the subtitles.
                if value not in subtitles:
                    subtitles.append(value)  # type: ignore[arg-type]
            elif value not in languages:
                languages.append(value)  # type: ignore[arg-type]
        elif field == "subtitles":
            if value not in subtitles:
                subtitles.append(value)  # type: ignore[arg-type]
        elif field == "streaming_service":
            if result["streaming_service"] is None:
                result["streaming_service"] = value or tag.text.upper()
        elif field == "edition":
            if result["edition"] is None:
                result["edition"] = value
        elif field in ("proper", "repack"):
            result[field] = True
            if field == "repack" and tag.text[-1:].isdigit():
                result["_version"] = int(tag.text[-1])
        elif field == "sample":
            result["is_sample"] = True
        elif field in ("video_codec", "bit_depth") and result[field] is None:
            result[field] = value
    # UHD alone says 2160p; next to an explicit 1080p it only describes the disc.
    # "Hidden.Cam.720p.HDTV": a weak source next to a strong one is a word of the episode title.
    if strong_sources:
        sources = strong_sources
    if sources:
        ranked = [s for s in sources if s in _SOURCE_RANK]
        result["source"] = min(ranked, key=_SOURCE_RANK.__getitem__) if ranked else sources[0]
        if result["source"] == "tv" and "web" in sources:
            result["source"] = "web"
    else:
        result["source"] = None
    result["hdr"] = tuple(hdr)
    result["languages"] = tuple(languages)
    result["subtitles"] = tuple(subtitles)
    return result


def _height_resolution(text: str) -> int:
    """The resolution class of a ``WxH`` size, from its height: ``1280*720`` -> 720."""
    height = int(re.split(r"[x*×]", text.lower())[1].rstrip("pi").removesuffix("u"))
    for floor, value in ((2000, 2160), (1000, 1080), (700, 720), (540, 576)):
        if height >= floor:
            return value
    return 480


def _bare_resolution(body: str, tags: list[Tag]) -> Tag | None:
    """``Show.S01.1080.x264``, ``BRrip 720 AAC``, ``[720.Hi10p]``: a resolution written without
    its ``p`` counts when a strong tag sits right before or after it."""
    for m in _BARE_RESOLUTION_RE.finditer(body):
        start, end = m.start(), m.end()
        before = body[:start].rstrip(" ._-[(")
        after_gap = len(body[end:]) - len(body[end:].lstrip(" ._-)]["))
        if len(body[:start]) - len(before) > 2 or after_gap > 2:
            continue
        if any(t.strong and (t.end == len(before) or t.start == end + after_gap) for t in tags):
            return Tag(start, end, "resolution", int(m.group()), True, m.group())
        # "Show.S01E01.1080.WEB": right after the numbering and before any tag.
        if _SEASON_END_RE.search(before) and any(t.start == end + after_gap for t in tags):
            return Tag(start, end, "resolution", int(m.group()), True, m.group())
    return None


def _channels(m: re.Match[str]) -> str:
    if m.group(3):
        count = int(m.group(3))
        return {2: "2.0", 6: "5.1", 8: "7.1"}.get(count, f"{count}.0")
    return f"{m.group(1)}.{m.group(2)}"


def _trailing_group(body: str, title_end: int, tags: list[Tag]) -> str | None:
    tail = body.rstrip(" ._")
    if tail[-1:].isalpha():
        # "x264-rovers.proof", "-demand.sample", "-AFG.HebSubs": a marker after the group.
        sm = _GROUP_MARKER_SUFFIX_RE.search(tail, max(0, len(tail) - 16))
        if sm and sm.start() > title_end:
            tail = tail[: sm.start()]
    sd = tail.rfind(" - ") if " - " in tail else tail.rfind(".-.")
    if sd > title_end and _only_tags(tail[sd + 3 :]):
        # "x264-Belex.-.Dual.Audio.-.Dublado": tags written after the group.
        tail = tail[:sd].rstrip(" .-")
        while True:
            sd = max(tail.rfind(" - "), tail.rfind(".-."))
            if sd <= title_end or not _only_tags(tail[sd + 3 :]):
                break
            tail = tail[:sd].rstrip(" .-")
    if tail.endswith("]"):
        # "x264-0SEC [GloDLS]", "XviD-2HD[AOEU]": an uploader's or indexer's tag after the group.
        km = _TAG_AFTER_GROUP_RE.search(tail)
        if (
            km
            and km.start() >= title_end
            and _group_like(km.group(1))
            and not any(t.start < km.start() < t.end for t in tags)
        ):
            tail = tail[: km.end(1)]
    nm = _GROUP_NUMBER_SUFFIX_RE.search(tail, len(tail) - 4) if tail[-1:].isdigit() else None
    if nm:
        # "x264-GRP 1": a bare number after the group is a reposter's or indexer's counter.
        tail = tail[: nm.start()]
    dash = tail.rfind("-")
    m = _SPACED_NAME_GROUP_RE.search(tail, dash) if dash > 0 and " " in tail[dash:] else None
    # "H.264-Blue Moon": a group name of two or three words right after the last tag.
    if (
        m
        and m.start() >= title_end
        and any(t.end == m.start() for t in tags if t.strong)
        and all(_group_like(word) for word in m.group(1).split())
    ):
        return m.group(1)
    # The group holds no dash, so a match starts at the last one.
    last_dash = tail.rfind("-")
    m = _DASH_GROUP_RE.search(tail, last_dash) if last_dash > 0 else None
    if m and m.start() >= title_end and title_end < len(tail):
        candidate = m.group(1).strip(".")
        dash = m.start()
        inside_tag = any(t.start < dash < t.end for t in tags) or (
            # "Show.-.1x01.-.Episode.Title": a dotted spaced dash, a group only after a tag.
            tail[dash - 1 : dash] == "."
            and tail[dash + 1 : dash + 2] == "."
            and not any(t.end == dash - 1 for t in tags)
        )
        if candidate and not inside_tag and _group_like(candidate):
            wm = _DOTTED_GROUP_PREFIX_RE.search(tail, max(0, dash - 24), dash)
            if (
                wm
                and wm.start() > title_end
                and any(t.end == wm.start() - 1 for t in tags)
                and not any(t.start <= wm.start() < t.end for t in tags)
                and _group_like(wm.group(1))
                and not _NOT_GROUP_PREFIX_RE.fullmatch(wm.group(1))
            ):
                # "XviD.Etc-Group", "x264.D-Z0N3": after a tag and a dot, the whole dashed
                # word is the group's name.
                return wm.group(1) + "-" + candidate
            pm = _DASH_PREFIX_RE.search(tail[:dash])
            if pm is None:
                # "XviD-AlFleNi-TeaM": a longer first part right after a tag's dash.
                pm = _DASH_WORD_PREFIX_RE.search(tail, max(0, dash - 24), dash)
                if pm and not any(t.end == pm.start() and t.strong for t in tags):
                    pm = None
            if (
                pm
                and pm.start() >= title_end
                and _group_like(pm.group(1))
                and not _NOT_GROUP_PREFIX_RE.fullmatch(pm.group(1))
                and not any(t.start < pm.start() < t.end for t in tags)
                and not pm.group(1).isdigit()
            ):
                return pm.group(1) + "-" + candidate
            return candidate
    m = _SPACED_DASH_GROUP_RE.search(tail, max(0, max(tail.rfind("-"), tail.rfind("–")) - 1))
    # "... AAC 5.1 - HushRips": a spaced dash is a group only right after a tag; elsewhere it
    # separates a title from an episode title.
    if m and m.start() >= title_end and any(t.end == m.start() for t in tags):
        candidate = m.group(1).strip(".")
        if _group_like(candidate):
            return candidate
    m = _BRACKET_GROUP_RE.search(tail) if tail.endswith(("]", ")")) else None
    while m and tail.endswith("]") and m.start() > title_end and _is_tag_text(m.group(1)):
        # "Title - 07 [Group][720p]": the group's bracket before the tag brackets.
        inner = _BRACKET_GROUP_RE.search(tail[: m.start()].rstrip(" ._"))
        if inner is None or inner.group().startswith("("):
            break
        m = inner
    if m and m.start() >= title_end and title_end < m.start():
        content = m.group(1).strip()
        if " " not in content:
            # "[HDTV-720p]" or "[WEBDL-1080p]" (Sonarr's quality block) is tags, not a group.
            if (
                _group_like(content)
                and not ep.ANIME_BRACKET_RE.fullmatch(m.group().lower())
                and not ("-" in content and _is_tag_text(content))
            ):
                return content
            if content.count(".") >= 2:
                # "(1080p.WEB.x265.AAC.5.1.Joy)": a dotted tag list that ends with the group.
                spaced = " " + content.replace(".", " ")
                found = _last_word_group(spaced, 0, scan_tags(spaced))
                if found:
                    return found
        else:
            words = content.split()
            if len(words) > 2 and _group_like(words[-1]) and is_tag(words[-2]):
                return words[-1]
            # "[1080p BluRay x265 - Kappa]": the group after a spaced dash inside the bracket.
            before, spaced_dash, after = content.rpartition(" - ")
            after = after.strip()
            if spaced_dash and " " not in after and _group_like(after) and _is_tag_text(before):
                return after
    return _last_word_group(tail, title_end, tags)


def _last_word_group(tail: str, title_end: int, tags: list[Tag]) -> str | None:
    """A group written without the usual dash: ``x264 TiTAN``, ``DTS -DDR``, ``DivX.by.Artik``.

    It counts only as the last word right after a tag, behind the first strong tag, so that an
    episode title after the numbering ("S01E01.Pilot") never reads as a group.
    """
    first_strong = min((t.start for t in tags if t.strong and t.start > 0), default=len(tail))
    if first_strong <= title_end or first_strong >= len(tail):
        return None
    m = _BY_GROUP_RE.search(tail, first_strong)
    if m:
        words = m.group(1).split()
        if all(_group_like(w) for w in words):
            return m.group(1)
    m = _LAST_WORD_RE.search(tail, first_strong)
    if not m or m.start() <= first_strong:
        return None
    word = m.group(2)
    before = m.start(1)
    if m.group(1) == "-" and tail[before - 1 : before] != " ":
        return None
    while before > 0 and tail[before - 1] in " ._[]()":
        before -= 1
    if not any(t.end == before for t in tags) or not _group_like(word):
        return None
    if word.isdigit() or word.lower() in _NOT_GROUP_WORDS or len(word) < 2:
        return None
    return word


# Group names repeat from release to release (every episode of a show, every show a group
# releases): remembering the answer for the last few thousand words saves re-running the tag
# patterns on them.
@lru_cache(maxsize=4096)
def _group_like(text: str) -> bool:
    if not any(ch.isalpha() for ch in text) or len(text) > 40:
        return False
    if _misspelt_tag(text):
        return False
    lower = text.lower()
    if (
        is_tag(text)
        or ep.SXXEYY_RE.match(lower)
        or ep.NXNN_RE.fullmatch(lower)
        or ep.SEASON_S_RE.fullmatch(lower)
        or ep.EPISODE_WORD_RE.fullmatch(lower)
    ):
        return False
    return all(not is_tag(part) for part in text.split(".") if part) or "." not in text


def _misspelt_tag(text: str) -> bool:
    """``WEBDLL``, ``HDTV720``, ``1080pp``, ``h246``, ``HVEC``: a quality tag with a typo, not a
    group."""
    if _CODEC_TYPO_RE.fullmatch(text):
        return True
    if len(text) < 4:
        return False
    if "".join(sorted(text.lower())) in _TRANSPOSED_TAGS:
        return True
    length = strong_tag_prefix(text)
    return length >= 3 and length * 2 >= len(text)
