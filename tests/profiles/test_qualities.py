import pytest

from media_manager.parsing import parse_release
from media_manager.profiles.qualities import quality_of


@pytest.mark.parametrize(
    ("title", "quality"),
    [
        ("Show.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP", "web-1080p"),
        ("Show.S01E01.720p.WEBRip.x264-GRP", "webrip-720p"),
        ("Show.S01E01.2160p.UHD.BluRay.REMUX.HDR-GRP", "remux-2160p"),
        ("Show.S01E01.1080p.BluRay.x264-GRP", "bluray-1080p"),
        ("Show.S01E01.HDTV.x264-GRP", "sdtv"),
        ("Show.S01E01.720p.HDTV.x264-GRP", "tv-720p"),
        # Only a resolution: an HDTV capture, as Sonarr reads it.
        ("Show.S01E01.1080p.x264-GRP", "tv-1080p"),
        # A WEB-DL that does not say its resolution is SD.
        ("Show.S01E01.WEB-DL.x264-GRP", "web-480p"),
        ("Show.S01E01.DVDRip.XviD-GRP", "dvd"),
        ("Movie.2019.HDCAM.x264-GRP", "cam"),
        ("Movie.2019.HDTS.x264-GRP", "telesync"),
        ("Show.S01E01.x264-GRP", "unknown"),
    ],
)
def test_release_names_get_a_quality(title: str, quality: str):
    info = parse_release(title)

    assert quality_of(info.source, info.resolution).id == quality
