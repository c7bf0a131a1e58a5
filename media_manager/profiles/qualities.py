"""The quality vocabulary: every quality id a profile can list, and how a release gets one.

A quality is a source and a resolution, as the release-name parser reads them. The ids are what
profiles store and the API accepts ("web-1080p"); the labels are what users read ("WEBDL-1080p").
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quality:
    id: str
    label: str
    # The parser's source word ("web", "bluray", ...) and resolution, when the quality has one.
    source: str | None = None
    resolution: int | None = None


# Worst to best. Profiles order their own allowed qualities; this order only lists them.
QUALITIES: tuple[Quality, ...] = (
    Quality("unknown", "Unknown"),
    Quality("cam", "CAM", "cam"),
    Quality("telesync", "TELESYNC", "telesync"),
    Quality("telecine", "TELECINE", "telecine"),
    Quality("screener", "SCREENER", "screener"),
    Quality("sdtv", "SDTV", "tv", 480),
    Quality("dvd", "DVD", "dvd", 480),
    Quality("webrip-480p", "WEBRip-480p", "webrip", 480),
    Quality("web-480p", "WEBDL-480p", "web", 480),
    Quality("bluray-480p", "Bluray-480p", "bluray", 480),
    Quality("tv-720p", "HDTV-720p", "tv", 720),
    Quality("webrip-720p", "WEBRip-720p", "webrip", 720),
    Quality("web-720p", "WEBDL-720p", "web", 720),
    Quality("bluray-720p", "Bluray-720p", "bluray", 720),
    Quality("tv-1080p", "HDTV-1080p", "tv", 1080),
    Quality("webrip-1080p", "WEBRip-1080p", "webrip", 1080),
    Quality("web-1080p", "WEBDL-1080p", "web", 1080),
    Quality("bluray-1080p", "Bluray-1080p", "bluray", 1080),
    Quality("remux-1080p", "Remux-1080p", "remux", 1080),
    Quality("tv-2160p", "HDTV-2160p", "tv", 2160),
    Quality("webrip-2160p", "WEBRip-2160p", "webrip", 2160),
    Quality("web-2160p", "WEBDL-2160p", "web", 2160),
    Quality("bluray-2160p", "Bluray-2160p", "bluray", 2160),
    Quality("remux-2160p", "Remux-2160p", "remux", 2160),
    # Full discs (BDMV, ISO) and raw transport streams: not playable as they are.
    Quality("raw", "Raw-HD / BR-DISK", "raw"),
)
QUALITY_IDS: tuple[str, ...] = tuple(quality.id for quality in QUALITIES)
BY_ID: dict[str, Quality] = {quality.id: quality for quality in QUALITIES}
UNKNOWN = BY_ID["unknown"]

# What a source without a resolution in the name is taken to be, as Sonarr and Radarr do:
# WEB releases that do not say are SD, Blu-ray encodes 720p, remuxes 1080p.
_ASSUMED_RESOLUTION = {"web": 480, "webrip": 480, "bluray": 720, "remux": 1080, "tv": 480}
_PRE_RELEASE = {"cam", "telesync", "telecine", "screener"}


def quality_of(source: str | None, resolution: int | None) -> Quality:
    """The quality of a release from the parser's source and resolution; "unknown" if neither."""
    if source in _PRE_RELEASE or source in ("dvd", "raw"):
        return BY_ID[source]
    if source is None:
        if resolution is None:
            return UNKNOWN
        # Only a resolution: most such names are TV captures (Sonarr reads them as HDTV).
        source = "tv"
    if source not in _ASSUMED_RESOLUTION:
        return UNKNOWN
    resolution = resolution or _ASSUMED_RESOLUTION[source]
    if resolution <= 576:
        return BY_ID["sdtv" if source == "tv" else f"{_sd_source(source)}-480p"]
    if source == "remux" and resolution < 1080:
        source = "bluray"
    step = 2160 if resolution >= 2160 else 1080 if resolution >= 1080 else 720
    return BY_ID[f"{source}-{step}p"]


def _sd_source(source: str) -> str:
    return "bluray" if source == "remux" else source


def label(quality_id: str) -> str:
    quality = BY_ID.get(quality_id)
    return quality.label if quality else quality_id
