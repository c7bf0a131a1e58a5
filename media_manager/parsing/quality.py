"""Quality tags: resolution, source, codecs, HDR, editions and release flags.

Each entry is ``(pattern, field, value, strong)``. A *strong* tag never occurs inside a title
(``1080p``, ``x264``, ``WEB-DL``), so the title ends where the first one starts. A *weak* tag is
also an ordinary word (``Web``, ``Extended``, ``Proper``) and only counts once it sits in the tag
area of the name; see ``tokens.scan_tags``.
"""

from __future__ import annotations

# Separator between the parts of one tag: "WEB-DL", "WEB.DL", "WEB DL", "WEBDL".
S = r"[ ._-]?"

TagEntry = tuple[str, str, object, bool]

RESOLUTION: list[TagEntry] = [
    (r"(?:3840|4096)x2160[pi]?", "resolution", 2160, True),
    (r"1920x10[48]0[pi]?", "resolution", 1080, True),
    (r"1280x720[pi]?", "resolution", 720, True),
    (r"(?:720|704|640|854|848)x(?:480|404|360|352|576)[pi]?", "resolution", 480, True),
    (r"(?:4320|2160)[pi](?:\d\d(?:fps)?)?", "resolution", 2160, True),
    (r"1440[pi](?:\d\d(?:fps)?)?", "resolution", 1080, True),
    (r"10[48]0[pi](?:\d\d(?:fps)?)?", "resolution", 1080, True),
    (r"720[pi](?:\d\d(?:fps)?)?", "resolution", 720, True),
    (r"(?:576|540)[pi]", "resolution", 576, True),
    (r"(?:480|360|240)[pi]", "resolution", 480, True),
    (r"[48]k(?:" + S + r"uhd)?", "resolution", 2160, True),
    (r"uhd", "resolution", 2160, False),
    (r"fhd", "resolution", 1080, True),
    # Any other "WxH" size ("1280*720", "960x544", "1280x720up"): the parser reads the height.
    (r"\d{3,4}[x*×]\d{3,4}(?:[pi]|up)?", "resolution", None, True),
]

SOURCE: list[TagEntry] = [
    (r"(?:bd|br|uhd|blu" + S + r"ray|bluray)" + S + r"remux", "source", "remux", True),
    # A bare "Remux" is also a word ("The.Remux.Job"): it counts only in the tag area.
    (r"remux", "source", "remux", False),
    (r"raw" + S + r"hd", "source", "raw", True),
    (r"br" + S + r"disk|bdmv|bd(?:25|50|66|100)", "source", "raw", True),
    (r"(?:complete|full)" + S + r"(?:uhd" + S + r")?blu" + S + r"ray", "source", "raw", True),
    # "Mux" is the Italian trackers' word for a remux into MKV: "BlurayMUX", "BDRipMux", "DLMux".
    (r"(?:uhd" + S + r")?blu" + S + r"ray(?:" + S + r"rip)?(?:mux)?", "source", "bluray", True),
    (
        r"(?:uhd" + S + r")?b[dr]" + S + r"rip(?:mux)?|bdr|b[dr]mux|hd" + S + r"dvd(?:rip)?",
        "source",
        "bluray",
        True,
    ),
    (r"bd" + S + r"light", "source", "bluray", True),
    (r"(?:uhd" + S + r")?bd", "source", "bluray", False),
    (r"(?:dvd|bd|web|hd)" + S + r"scr(?:eener)?", "source", "screener", True),
    # "The Screener" is also an episode title; alone it only counts in the tag area.
    (r"scr|screener", "source", "screener", False),
    (r"dvd" + S + r"(?:rip|mux)|dvd(?:5|9|r)|dvd" + S + r"r|dvdivx", "source", "dvd", True),
    (r"dvd", "source", "dvd", True),
    (r"hdcam(?:rip)?|cam" + S + r"rip", "source", "cam", True),
    (r"(?:hd" + S + r")?cam", "source", "cam", False),
    (r"hd" + S + r"ts|telesync|pdvd|ts" + S + r"rip", "source", "telesync", True),
    (r"ts", "source", "telesync", False),
    (r"hd" + S + r"tc|telecine", "source", "telecine", True),
    (r"tc", "source", "telecine", False),
    (
        r"web" + S + r"dl" + S + r"rip|web" + S + r"rip|webcap|hd" + S + r"rip",
        "source",
        "webrip",
        True,
    ),
    (r"web" + S + r"dl|web" + S + r"u?hd|dl" + S + r"mux", "source", "web", True),
    # A service's own HD label: "AmazonHD", "NetflixUHD", "DisneyHD" are web downloads, and
    # "NetflixUHDRip" a capture of one.
    (
        r"(?:amazon|amzn|netflix|nf|disney|dsnp|hulu|itunes|hbo|max)u?hd" + S + r"rip",
        "source",
        "webrip",
        True,
    ),
    (r"(?:amazon|amzn|netflix|nf|disney|dsnp|hulu|itunes|hbo|max)u?hd", "source", "web", True),
    (r"web", "source", "web", False),
    (
        r"a?(?:uhd|hd|pd|sd)tv(?:rip|mux)?|tv" + S + r"rip|dsr(?:ip)?|sat" + S + r"rip",
        "source",
        "tv",
        True,
    ),
    # "HD.TV" spelled apart; a title may hold these words, so only in the tag area.
    (r"hd[ ._-]tv", "source", "tv", False),
    (r"dvb(?:" + S + r"rip)?|dth(?:" + S + r"rip)?", "source", "tv", True),
    (r"hdtv", "source", "tv", True),
    # Pay-per-view broadcasts (boxing, wrestling): captured from TV.
    (r"ppv(?:" + S + r"rip)?", "source", "tv", True),
]

VIDEO_CODEC: list[TagEntry] = [
    (r"[xh]" + S + r"264|avc(?:1|hd)?", "video_codec", "h264", True),
    (r"[xh]" + S + r"265|hevc", "video_codec", "h265", True),
    (r"xvid(?:hd)?", "video_codec", "xvid", True),
    (r"divx", "video_codec", "divx", True),
    (r"av1", "video_codec", "av1", True),
    (r"vp9", "video_codec", "vp9", True),
    (r"mpeg" + S + r"2", "video_codec", "mpeg2", True),
    (r"vc" + S + r"1", "video_codec", "vc1", True),
    (r"(?:hi)?10" + S + r"bits?|hi10p?|ma10p|ma444" + S + r"10p?", "bit_depth", 10, True),
    (r"12" + S + r"bits?", "bit_depth", 12, True),
    (r"8" + S + r"bits?", "bit_depth", 8, True),
]

# Channels are optional on every codec ("DDP5.1", "AAC2.0", "DTS-HD.MA.7.1"); the parser reads
# them back from the matched text.
CH = r"(?:" + S + r"[1-9][ .]?[01](?:ch)?)?"

AUDIO: list[TagEntry] = [
    (r"true" + S + r"hd" + CH, "audio_codec", "truehd", True),
    (r"dts" + S + r"(?:hd" + S + r")?(?:ma|hra?)" + CH, "audio_codec", "dts-hd", True),
    (r"dts" + S + r"hd" + CH, "audio_codec", "dts-hd", True),
    (r"dts" + S + r"x" + CH, "audio_codec", "dts-x", True),
    (r"dts(?:" + S + r"es)?" + CH, "audio_codec", "dts", True),
    (
        r"(?:ddp|dd\+|e" + S + r"ac" + S + r"3|eac3|dolby" + S + r"digital" + S + r"plus)" + CH,
        "audio_codec",
        "eac3",
        True,
    ),
    # "AC3D", "AC3LD", "AC3MD": German releases mark dubbed or line/mic audio after the codec.
    (r"(?:dd|ac" + S + r"3(?:l?d|md)?|dolby" + S + r"digital)" + CH, "audio_codec", "ac3", True),
    (r"aac(?:" + S + r"lc)?" + CH, "audio_codec", "aac", True),
    (r"flac" + CH, "audio_codec", "flac", True),
    (r"opus" + CH, "audio_codec", "opus", True),
    (r"l?pcm" + CH, "audio_codec", "pcm", True),
    (r"mp3|lame", "audio_codec", "mp3", True),
    (r"atmos", "audio_codec", "atmos", True),
    (r"[1-9][ .][01](?:" + S + r"ch)?|[2-8]ch", "audio_channels", None, True),
]

HDR: list[TagEntry] = [
    (r"hdr10(?:\+|plus|p)", "hdr", "HDR10+", True),
    (r"hdr10", "hdr", "HDR10", True),
    (r"hdr", "hdr", "HDR", True),
    (r"dv|dovi|dolby" + S + r"vision", "hdr", "DV", True),
    (r"hlg", "hdr", "HLG", True),
    (r"sdr", "other", "SDR", True),
]

EDITION: list[TagEntry] = [
    (r"directors?'?s?" + S + r"cut", "edition", "Director's Cut", False),
    (r"extended(?:" + S + r"(?:cut|edition|version))?", "edition", "Extended", False),
    (r"unrated", "edition", "Unrated", False),
    (r"uncut", "edition", "Uncut", False),
    (r"uncensored", "edition", "Uncensored", False),
    (r"theatrical(?:" + S + r"(?:cut|version|edition))?", "edition", "Theatrical", False),
    (r"remaster(?:ed)?", "edition", "Remastered", False),
    (r"imax(?:" + S + r"(?:enhanced|edition))?", "edition", "IMAX", False),
    (r"criterion(?:" + S + r"(?:collection|edition))?", "edition", "Criterion", False),
    (r"special" + S + r"edition", "edition", "Special Edition", False),
    (r"ultimate" + S + r"(?:edition|cut)", "edition", "Ultimate Edition", False),
    (
        r"(?:ultimate" + S + r")?collector'?s" + S + r"edition|edition" + S + r"collector'?s?",
        "edition",
        "Collector's Edition",
        False,
    ),
    (r"(?:the" + S + r")?final" + S + r"cut", "edition", "Final Cut", False),
    (
        r"\d{2,3}th" + S + r"anniversary(?:" + S + r"edition)?|anniversary" + S + r"edition",
        "edition",
        "Anniversary Edition",
        False,
    ),
    (r"open" + S + r"matte", "edition", "Open Matte", False),
]

FLAGS: list[TagEntry] = [
    (r"(?:real" + S + r")?proper", "proper", True, False),
    (r"repack\d?|rerip", "repack", True, False),
    (r"internal", "other", "INTERNAL", False),
    (r"limited", "other", "LIMITED", False),
    (r"read" + S + r"nfo", "other", "READNFO", True),
    (r"nfofix|dirfix|syncfix|subfix", "other", "FIX", True),
    (r"hardsubs?|hc", "other", "HC", False),
    (r"3d|h?sbs|h?ou", "other", "3D", False),
    (r"hfr|\d\dfps", "other", "HFR", True),
    (r"ws|fs", "other", "WS", False),
    (r"xxx", "other", "XXX", False),
    (r"pal|ntsc|secam", "other", "TV_SYSTEM", False),
    (r"sample", "sample", True, False),
]

# Only services whose abbreviation rarely appears as a title word; ``None`` keeps the spelling.
SERVICES: list[TagEntry] = [
    (r"amzn|amazon", "streaming_service", "AMZN", True),
    (r"nf|netflix", "streaming_service", "NF", False),
    (r"dsnp|dsny|disney\+", "streaming_service", "DSNP", True),
    (r"hmax", "streaming_service", "HMAX", True),
    # "MAX" is also a title word ("Mad.Max"): only right before a WEB source is it the service.
    (r"max(?=" + S + r"web)", "streaming_service", "MAX", True),
    (r"atvp|atv\+", "streaming_service", "ATVP", True),
    (r"hulu", "streaming_service", "HULU", False),
    (r"pcok", "streaming_service", "PCOK", True),
    (r"pmtp", "streaming_service", "PMTP", True),
    (
        r"crav|htsr|stan|all4|ymtv|roku|tubi|vrv|hidive|abema|funi|cbs|hbo|bbc|itv",
        "streaming_service",
        None,
        False,
    ),
    (r"cr|crunchyroll", "streaming_service", "CR", False),
    (r"it|itunes", "streaming_service", "iT", False),
]
