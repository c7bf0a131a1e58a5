"""The immutable result of parsing one release title or file name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

_SOURCE_LABELS = {
    "tv": "HDTV",
    "web": "WEBDL",
    "webrip": "WEBRip",
    "bluray": "Bluray",
    "dvd": "DVD",
    "remux": "Remux",
    "raw": "Raw-HD",
    "cam": "CAM",
    "telesync": "TELESYNC",
    "telecine": "TELECINE",
    "screener": "SCREENER",
}


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """What a release title or file name says about its content.

    List-like fields are tuples so that the object stays hashable and immutable. Fields that the
    name does not mention are ``None``, ``()``, ``False`` or ``''`` (``title`` only).
    """

    title: str = ""
    alternative_titles: tuple[str, ...] = ()
    year: int | None = None
    seasons: tuple[int, ...] = ()
    episodes: tuple[int, ...] = ()
    absolute_episodes: tuple[int, ...] = ()
    air_date: date | None = None
    is_full_season: bool = False
    is_multi_season: bool = False
    is_special: bool = False
    resolution: int | None = None
    source: str | None = None
    video_codec: str | None = None
    bit_depth: int | None = None
    audio_codec: str | None = None
    audio_channels: str | None = None
    hdr: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    subtitles: tuple[str, ...] = ()
    streaming_service: str | None = None
    proper: bool = False
    repack: bool = False
    version: int | None = None
    release_group: str | None = None
    edition: str | None = None
    is_sample: bool = False
    container: str | None = None

    @property
    def season(self) -> int | None:
        """The first season, for the common single-season case."""
        return self.seasons[0] if self.seasons else None

    @property
    def episode(self) -> int | None:
        """The first episode, for the common single-episode case."""
        return self.episodes[0] if self.episodes else None

    @property
    def has_episode_info(self) -> bool:
        return bool(self.seasons or self.episodes or self.absolute_episodes or self.air_date)

    @property
    def is_movie(self) -> bool:
        """No episode information: a movie or something that is not a TV release at all."""
        return not self.has_episode_info

    @property
    def quality(self) -> str:
        """A short label in the style indexers and download clients show, e.g. ``WEBDL-1080p``."""
        source = _SOURCE_LABELS.get(self.source or "")
        if source and self.resolution:
            if self.source == "tv" and self.resolution <= 576:
                return "SDTV"
            if self.source == "dvd" and self.resolution <= 576:
                return "DVD"
            return f"{source}-{self.resolution}p"
        if source:
            return "SDTV" if self.source == "tv" else source
        if self.resolution:
            return f"{self.resolution}p"
        return "Unknown"
