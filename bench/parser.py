"""Accuracy and speed of ``media_manager.parsing`` next to guessit and parsett, on our corpus.

Run: ``uv run python bench/parser.py`` (about a minute on two cores). It scores our corpus and,
as a second development corpus, the expectations of guessit's own test suite
(``guessit/test/episodes.yml`` and ``movies.yml``, read from the installed wheel, never copied
here; ``--no-guessit-corpus`` skips it; guessit naturally scores high on its own tests).
``--corpus FILE`` scores
one corpus file instead of the whole corpus (e.g. the held-out set,
``tests/parsing/corpus/heldout.jsonl``), ``--no-speed`` skips the throughput runs and
``--misses`` lists the cases our parser gets wrong.

The guessit corpus is scored twice: as its expectations say, and "comparable", restated in our
conventions by ``comparable_case``. Convention differences dropped or restated there: a number
without a season is our absolute number; the country, a subtitle after " - " or "aka" and
"Part N" stay in our title; a year written as the season (S2014E18) is not our year; "14 of 21"
is season 1 for us; a bare "360" or "Title - 102" is absolute for us; "E05E09" is a range;
a tracker tag after the group ("LOL[ettv]") is not part of it; guessit's "Screener" flag is our
source; a complete Blu-ray and a 1080i MPEG-2 ``.ts`` are raw; non-standard WxH sizes are not
compared (the mapping reads their width).

Accuracy is per field over the corpus cases that assert that field (see
``tests/parsing/corpus.py``); "all fields" counts a case only when every field it asserts is
right. Our parser is called through ``parse_release``, which has no cache, so throughput measures
real parsing. Throughput is the median of three passes over the names, in-process, by wall-clock
and by CPU time (steadier on a shared machine), with the load average at the time.

How the other parsers' outputs are mapped onto our fields (generously, so that a difference in
vocabulary is not counted as an error):

- titles are compared after case-folding and collapsing whitespace, for all three parsers alike;
- guessit ``season``/``episode`` (int or list) -> ``seasons``/``episodes``; parsett
  ``seasons``/``episodes`` as they are;
- absolute numbers: guessit ``absolute_episode`` if given; otherwise, for either parser, the
  episode numbers of a result without a season (that is how both report anime numbering);
- ``air_date``: guessit ``date``, parsett ``date``;
- resolution: the digits of guessit ``screen_size`` / parsett ``resolution`` (``4k`` = 2160);
- source: guessit ``source`` plus ``other`` (``Rip`` on Web -> webrip, ``Remux`` -> remux,
  ``Screener`` -> screener); parsett ``quality`` through the table ``PTT_SOURCES``;
- codecs, HDR, languages, edition, proper/repack, version and container through the tables
  below; ``is_full_season`` = seasons without episodes; ``is_multi_season`` = several seasons
  or a "complete" flag without a season; ``is_special`` = season 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import guessit as guessit_package  # noqa: E402
import yaml  # noqa: E402
from guessit import guessit  # noqa: E402
from PTT import parse_title  # noqa: E402

from media_manager.parsing import parse_release  # noqa: E402
from tests.parsing.corpus import Case, load_cases, mismatches, normalize  # noqa: E402

# guessit is slow (~100 names/s here): its throughput is measured on this many names only.
GUESSIT_SPEED_SAMPLE = 400
RUNS = 3

GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("season+episode", ("seasons", "episodes")),
    ("title", ("title",)),
    ("year", ("year",)),
    ("absolute", ("absolute_episodes",)),
    ("air date", ("air_date",)),
    ("resolution", ("resolution",)),
    ("source", ("source",)),
    ("group", ("release_group",)),
    ("flags", ("is_full_season", "is_multi_season", "is_special")),
    ("codecs", ("video_codec", "audio_codec")),
    ("hdr", ("hdr",)),
    ("languages", ("languages",)),
    ("proper/repack", ("proper", "repack", "version")),
    ("edition", ("edition",)),
    ("sample/container", ("is_sample", "container")),
]

G_SOURCES = {
    "HDTV": "tv", "Ultra HDTV": "tv", "Analog HDTV": "tv", "TV": "tv", "Digital TV": "tv",
    "Satellite": "tv", "PPV": "tv", "Web": "web", "Video on Demand": "web", "Blu-ray": "bluray",
    "Ultra HD Blu-ray": "bluray", "HD-DVD": "bluray", "DVD": "dvd", "Camera": "cam",
    "HD Camera": "cam", "Telesync": "telesync", "HD Telesync": "telesync",
    "Telecine": "telecine", "HD Telecine": "telecine",
}  # fmt: skip
PTT_SOURCES = {
    "HDTV": "tv", "PDTV": "tv", "SDTV": "tv", "TVRip": "tv", "SATRip": "tv", "DVB": "tv",
    "WEB-DL": "web", "WEB": "web", "WEBRip": "webrip", "WEB-DLRip": "webrip", "HDRip": "webrip",
    "WEBMux": "webrip", "BluRay": "bluray", "BDRip": "bluray", "BRRip": "bluray",
    "BluRay REMUX": "remux", "REMUX": "remux", "BDRemux": "remux", "DVD": "dvd",
    "DVDRip": "dvd", "DVD-R": "dvd", "CAM": "cam", "TeleSync": "telesync", "TeleCine": "telecine",
    "SCR": "screener", "R5": "screener",
}  # fmt: skip
VIDEO = {
    "H.264": "h264", "H.265": "h265", "Xvid": "xvid", "DivX": "divx", "AV1": "av1", "VP9": "vp9",
    "MPEG-2": "mpeg2", "VC-1": "vc1", "avc": "h264", "hevc": "h265", "xvid": "xvid",
    "av1": "av1", "divx": "divx", "mpeg": "mpeg2",
}  # fmt: skip
AUDIO = {
    "AAC": "aac", "Dolby Digital": "ac3", "Dolby Digital Plus": "eac3", "DTS": "dts",
    "DTS-HD": "dts-hd", "DTS Lossless": "dts-hd", "DTS Lossy": "dts", "Dolby TrueHD": "truehd",
    "TrueHD": "truehd", "Dolby Atmos": "atmos", "Atmos": "atmos", "FLAC": "flac", "MP3": "mp3",
    "Opus": "opus", "OPUS": "opus", "PCM": "pcm", "LPCM": "pcm", "DTS:X": "dts-x",
    "DDP": "eac3", "DD": "ac3", "EAC3": "eac3", "AC3": "ac3",
}  # fmt: skip
HDR = {"HDR10": "HDR10", "HDR10+": "HDR10+", "Dolby Vision": "DV", "HDR": "HDR", "DV": "DV"}
EDITIONS = {
    "Extended": "Extended", "Extended Edition": "Extended", "Director's Cut": "Director's Cut",
    "Directors Cut": "Director's Cut", "Unrated": "Unrated", "Uncut": "Uncut",
    "Remastered": "Remastered", "IMAX": "IMAX", "Theatrical": "Theatrical",
    "Criterion": "Criterion", "Special": "Special Edition", "Ultimate": "Ultimate Edition",
    "Collector": "Collector's Edition", "Final Cut": "Final Cut",
}  # fmt: skip


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _resolution(text: Any) -> int | None:
    if not text:
        return None
    text = str(text).lower()
    if text in ("4k", "uhd"):
        return 2160
    m = re.match(r"\d+", text)
    if not m:
        return None
    value = int(m.group())
    return {1440: 1080, 540: 576, 360: 480, 240: 480, 4320: 2160}.get(value, value)


def _episode_fields(seasons: list[int], episodes: list[int], absolute: list[int]) -> dict:
    return {
        "seasons": seasons,
        "episodes": episodes,
        "absolute_episodes": absolute or (episodes if not seasons else []),
        "is_full_season": bool(seasons) and not episodes,
        "is_multi_season": len(seasons) > 1,
        "is_special": 0 in seasons,
    }


def adapt_guessit(name: str) -> dict[str, Any]:
    g = guessit(name)
    other = _as_list(g.get("other"))
    title = g.get("title")
    seasons = _as_list(g.get("season"))
    episodes = _as_list(g.get("episode"))
    source = G_SOURCES.get(_as_list(g.get("source"))[0]) if g.get("source") else None
    if "Remux" in other:
        source = "remux"
    elif "Screener" in other:
        source = "screener"
    elif source == "web" and "Rip" in other:
        source = "webrip"
    audio = [AUDIO.get(str(a)) for a in _as_list(g.get("audio_codec"))]
    audio = [a for a in audio if a and a != "atmos"] or [a for a in audio if a]
    out = _episode_fields(seasons, episodes, _as_list(g.get("absolute_episode")))
    if "Complete" in other and not seasons:
        out["is_multi_season"] = True
    date = g.get("date")
    out.update(
        title=_as_list(title)[0] if title else "",
        year=_as_list(g.get("year"))[0] if g.get("year") else None,
        air_date=date.isoformat() if date else None,
        resolution=_resolution(g.get("screen_size")),
        source=source,
        release_group=g.get("release_group"),
        video_codec=VIDEO.get(str(g.get("video_codec"))),
        audio_codec=audio[0] if audio else None,
        hdr=[HDR[o] for o in other if o in HDR],
        languages=[
            getattr(lang, "alpha2", str(lang))
            for lang in _as_list(g.get("language"))
            if str(lang) not in ("mul", "und")
        ],
        edition=EDITIONS.get(str(_as_list(g.get("edition"))[0])) if g.get("edition") else None,
        proper="Proper" in other and "REPACK" not in name.upper(),
        repack="REPACK" in name.upper() and "Proper" in other,
        version=g.get("version"),
        container=g.get("container"),
        is_sample="Sample" in other,
    )
    return out


def adapt_parsett(name: str) -> dict[str, Any]:
    p = parse_title(name)
    seasons = list(p.get("seasons") or [])
    episodes = list(p.get("episodes") or [])
    out = _episode_fields(seasons, episodes, [])
    if p.get("complete") and not seasons:
        out["is_multi_season"] = True
        out["is_full_season"] = True
    audio = [AUDIO.get(a) for a in p.get("audio") or []]
    audio = [a for a in audio if a and a != "atmos"] or [a for a in audio if a]
    edition = p.get("edition")
    out.update(
        title=p.get("title") or "",
        year=p.get("year"),
        air_date=p.get("date"),
        resolution=_resolution(p.get("resolution")),
        source=PTT_SOURCES.get(p.get("quality") or ""),
        release_group=p.get("group"),
        video_codec=VIDEO.get(p.get("codec") or ""),
        audio_codec=audio[0] if audio else None,
        hdr=[HDR.get(h, h) for h in p.get("hdr") or []],
        languages=list(p.get("languages") or []),
        edition=EDITIONS.get(edition, edition) if edition else None,
        proper=bool(p.get("proper")),
        repack=bool(p.get("repack")),
        version=None,
        container=p.get("container"),
        is_sample=False,
    )
    return out


def adapt_ours(name: str) -> dict[str, Any]:
    info = parse_release(name)
    return {f.name: getattr(info, f.name) for f in dataclasses.fields(info)}


def _same(field: str, want: Any, got: Any) -> bool:
    want, got = normalize(field, want), normalize(field, got)
    if field == "title":
        return " ".join(str(want).split()).casefold() == " ".join(str(got or "").split()).casefold()
    if field in ("languages", "hdr"):
        return sorted(want) == sorted(got)
    return want == got


def accuracy(adapter: Callable[[str], dict[str, Any]], cases: list) -> dict[str, tuple[int, int]]:
    scores: dict[str, list[int]] = {label: [0, 0] for label, _ in GROUPS}
    scores["all fields"] = [0, 0]
    for case in cases:
        got = adapter(case.name)
        for label, fields in GROUPS:
            asserted = [f for f in fields if f in case.expect]
            if asserted:
                scores[label][1] += 1
                scores[label][0] += all(_same(f, case.expect[f], got.get(f)) for f in asserted)
        scores["all fields"][1] += 1
        scores["all fields"][0] += all(_same(f, w, got.get(f)) for f, w in case.expect.items())
    return {label: (ok, total) for label, (ok, total) in scores.items()}


def throughput(func: Callable[[str], Any], names: list[str]) -> tuple[float, float]:
    """Names per second, median of the runs: by wall-clock time and by this process's CPU time.

    On a shared machine the CPU-time figure is the steadier one: it leaves out the time the
    process waited for a core.
    """
    rates, cpu_rates = [], []
    for _ in range(RUNS):
        start, cpu_start = time.perf_counter(), time.process_time()
        for name in names:
            func(name)
        rates.append(len(names) / (time.perf_counter() - start))
        cpu_rates.append(len(names) / max(time.process_time() - cpu_start, 1e-9))
    return statistics.median(rates), statistics.median(cpu_rates)


def _load(corpus: Path | None) -> list[Case]:
    cases = load_cases()
    if corpus is not None:
        cases = [c for c in cases if c.origin.rsplit(":", 1)[0] == corpus.stem]
    return cases


def guessit_cases() -> list[Case]:
    """guessit's test expectations as our cases, on the fields both parsers describe alike."""
    folder = Path(guessit_package.__file__).parent / "test"
    cases = []
    for file_name in ("episodes.yml", "movies.yml"):
        data = yaml.safe_load((folder / file_name).read_text(encoding="utf-8"))
        for name, want in data.items():
            # Entries with parse options or negative ("-field") expectations test guessit's
            # configuration, not the name.
            if not isinstance(want, dict) or name.startswith("__") or "options" in want:
                continue
            if any(k.startswith("-") for k in want):
                continue
            expect: dict[str, Any] = {}
            if isinstance(want.get("title"), str):
                expect["title"] = want["title"]
            if isinstance(want.get("year"), int):
                expect["year"] = want["year"]
            if "season" in want:
                expect["seasons"] = _as_list(want["season"])
            if "episode" in want:
                expect["episodes"] = _as_list(want["episode"])
                expect.setdefault("seasons", [])
            if "absolute_episode" in want:
                expect["absolute_episodes"] = _as_list(want["absolute_episode"])
            if isinstance(want.get("date"), datetime.date):
                expect["air_date"] = want["date"].isoformat()
            if "screen_size" in want:
                expect["resolution"] = _resolution(want["screen_size"])
            if isinstance(want.get("release_group"), str):
                expect["release_group"] = want["release_group"]
            source = _as_list(want.get("source"))
            if len(source) == 1 and source[0] in G_SOURCES:
                other = _as_list(want.get("other"))
                value = G_SOURCES[source[0]]
                if "Remux" in other:
                    value = "remux"
                elif value == "web" and "Rip" in other:
                    value = "webrip"
                expect["source"] = value
            if expect:
                cases.append(Case(name, expect, None, f"guessit-{file_name}"))
                GUESSIT_RAW[name] = want
    return cases


# guessit's raw expectations by name, for ``comparable_case``.
GUESSIT_RAW: dict[str, dict[str, Any]] = {}
_STANDARD_SIZE_RE = re.compile(r"\d{3,4}[pi]$|4k$", re.IGNORECASE)
_RUN_ON_EPISODES_RE = re.compile(r"e(\d{1,3})e(\d{1,3})(?![0-9])", re.IGNORECASE)
_NUMBERING_MARK_RE = re.compile(r"s\d|\dx\d|\be\d|ep", re.IGNORECASE)
_COMPLETE_BLURAY_RE = re.compile(r"complete[ ._-]blu-?ray", re.IGNORECASE)
_INTERLACED_TS_RE = re.compile(r"(?:1080i|mpeg-?2).*\.ts$", re.IGNORECASE)


def comparable_case(case: Case) -> Case:
    """guessit's expectation restated in our conventions; fields where the conventions differ
    are dropped. Every rule reads guessit's expectation or the shape of the name, never a
    particular name; the "convention differences" in the module docstring list them."""
    want = GUESSIT_RAW.get(case.name, {})
    expect = dict(case.expect)
    name = case.name
    other = _as_list(want.get("other"))
    # guessit keeps the country, the subtitle after " - " or "aka" and "Part N" apart from the
    # title; ours keeps them in it ("The Office (US)", "Garo - Vanishing Line").
    if any(k in want for k in ("country", "alternative_title", "part")):
        expect.pop("title", None)
    # "Simpsons, The": guessit moves the article to the front, ours keeps the name's order.
    title = expect.get("title")
    if isinstance(title, str) and title.lower().startswith("the "):
        flipped = f"{title[4:]}, {title[:3]}"
        if flipped.replace(" ", ".").lower() in name.replace(" ", ".").lower():
            expect["title"] = flipped
    # A year written as the season (S2014E18, 1940x01) is the season for us, not the year.
    if expect.get("year") in _as_list(want.get("season")):
        expect.pop("year")
    # "14 of 21" without a season: a mini-series episode, season 1 for us.
    if "episode_count" in want and "season" not in want:
        expect.pop("seasons", None)
    seasons, episodes = _as_list(want.get("season")), _as_list(want.get("episode"))
    if len(seasons) == 1 and len(episodes) == 1 and not _NUMBERING_MARK_RE.search(name):
        # A bare "360" or "Title - 102": ours reads SEE only up to episode 39 and never after
        # " - " (an absolute number there).
        see = f"{seasons[0]}{episodes[0]:02d}"
        m = re.search(rf"(?<![0-9])(-[ ._]*)?{see}(?![0-9])", name)
        if m and (m.group(1) or episodes[0] > 39 or seasons[0] > 39):
            expect.update(seasons=[], episodes=[int(see)])
    # "E05E09" without a connector is a range for us (the first and the last episode).
    m = _RUN_ON_EPISODES_RE.search(name)
    if m and len(episodes) == 2 and episodes == [int(m.group(1)), int(m.group(2))]:
        expect["episodes"] = list(range(episodes[0], episodes[1] + 1))
    # A tracker tag after the group ("LOL[ettv]") is not part of the group for us.
    group = expect.get("release_group")
    if isinstance(group, str) and "[" in group and group.endswith("]"):
        expect["release_group"] = group[: group.index("[")].strip() or group
    elif isinstance(group, str):
        m = re.search(rf"-([^\W_]\w*)\[{re.escape(group)}\]", name)
        if m:
            expect["release_group"] = m.group(1)
    # guessit's "Screener" flag is our source.
    if "Screener" in other and "source" in expect:
        expect["source"] = "screener"
    # A complete Blu-ray disc, or a 1080i MPEG-2 transport stream, is raw for us.
    if expect.get("source") == "bluray" and _COMPLETE_BLURAY_RE.search(name):
        expect["source"] = "raw"
    if expect.get("source") == "tv" and _INTERLACED_TS_RE.search(name):
        expect["source"] = "raw"
    # A non-standard "WxH" size: the bench would read its width as the resolution.
    size = want.get("screen_size")
    if isinstance(size, str) and not _STANDARD_SIZE_RE.match(size):
        expect.pop("resolution", None)
    return Case(name, expect, None, case.origin)


def adapt_ours_as_guessit(name: str) -> dict[str, Any]:
    """Our result in guessit's representation: a number without a season is its episode."""
    out = adapt_ours(name)
    if not out["seasons"] and not out["episodes"] and out["absolute_episodes"]:
        out["episodes"] = out["absolute_episodes"]
    return out


def adapt_guessit_as_guessit(name: str) -> dict[str, Any]:
    out = adapt_guessit(name)
    if not out["seasons"] and out["absolute_episodes"] and not out["episodes"]:
        out["episodes"] = out["absolute_episodes"]
    return out


def _table(cases: list[Case], parsers: list, title: str) -> list[str]:
    results = {label: accuracy(adapter, cases) for label, adapter in parsers}
    header = f"{'field':<16}{'cases':>7}" + "".join(f"{label:>10}" for label, _ in parsers)
    lines = [title, "", header, "-" * len(header)]
    for label in [g for g, _ in GROUPS] + ["all fields"]:
        total = results["ours"][label][1]
        row = f"{label:<16}{total:>7}"
        for parser_label, _ in parsers:
            ok, n = results[parser_label][label]
            row += f"{100 * ok / n:>9.1f}%" if n else f"{'-':>10}"
        lines.append(row)
    return lines


def _misses(cases: list[Case], adapter: Callable[[str], dict[str, Any]] = adapt_ours) -> list[str]:
    lines = []
    for case in cases:
        wrong = {
            f: (w, g)
            for f, (w, g) in mismatches(adapter(case.name), case.expect).items()
            if not _same(f, w, g)
        }
        if wrong:
            detail = "; ".join(f"{f}: want {w!r} got {g!r}" for f, (w, g) in wrong.items())
            lines.append(f"  {case.origin}  {case.name}\n      {detail}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="score only this corpus file (*.jsonl)")
    parser.add_argument("--no-speed", action="store_true", help="skip the throughput runs")
    parser.add_argument("--misses", action="store_true", help="list the cases we get wrong")
    parser.add_argument(
        "--no-guessit-corpus", action="store_true", help="skip guessit's test expectations"
    )
    parser.add_argument(
        "--with-xfail", action="store_true", help="also score cases marked xfail (honest total)"
    )
    args = parser.parse_args()
    all_cases = _load(args.corpus)
    cases = all_cases if args.with_xfail else [c for c in all_cases if not c.xfail]
    excluded = len(all_cases) - len(cases)
    names = [c.name for c in cases]
    parsers = [("ours", adapt_ours), ("guessit", adapt_guessit), ("parsett", adapt_parsett)]
    source = args.corpus.name if args.corpus else "all corpus files"
    lines = _table(
        cases, parsers, f"corpus: {source}, {len(cases)} cases ({excluded} xfail cases excluded)"
    )
    extra = [] if args.no_guessit_corpus else guessit_cases()
    if extra:
        title = f"guessit's test expectations (episodes.yml, movies.yml): {len(extra)} cases"
        lines += ["", *_table(extra, parsers, title)]
        comparable = [comparable_case(c) for c in extra]
        title = (
            "guessit's expectations restated in our conventions (comparable; "
            "convention differences dropped, see comparable_case)"
        )
        as_guessit = [
            ("ours", adapt_ours_as_guessit),
            ("guessit", adapt_guessit_as_guessit),
            ("parsett", adapt_parsett),
        ]
        lines += ["", *_table(comparable, as_guessit, title)]
    if args.misses:
        lines += ["", "our misses:", *_misses(cases)]
        if extra:
            comparable = [comparable_case(c) for c in extra]
            lines += ["", "our misses on guessit's expectations (comparable):"]
            lines += _misses(comparable, adapt_ours_as_guessit)
    if args.no_speed:
        sys.stdout.write("\n".join(lines) + "\n")
        return

    speed_ours = throughput(parse_release, names)
    speed_ptt = throughput(parse_title, names)
    sample = names[:: max(1, len(names) // GUESSIT_SPEED_SAMPLE)][:GUESSIT_SPEED_SAMPLE]
    speed_guessit = throughput(guessit, sample)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    lines += [
        "",
        f"throughput (titles/s, in-process, median of {RUNS}; ours uncached; load {load}):",
        "                 wall        cpu",
        f"  ours     {speed_ours[0]:>10,.0f} {speed_ours[1]:>10,.0f}   ({len(names)} names)",
        f"  guessit  {speed_guessit[0]:>10,.0f} {speed_guessit[1]:>10,.0f}   "
        f"({len(sample)}-name sample: guessit is slow)",
        f"  parsett  {speed_ptt[0]:>10,.0f} {speed_ptt[1]:>10,.0f}   ({len(names)} names)",
        f"  ours / guessit = {speed_ours[0] / speed_guessit[0]:.1f}x wall, "
        f"{speed_ours[1] / speed_guessit[1]:.1f}x cpu; "
        f"ours / parsett = {speed_ours[0] / speed_ptt[0]:.1f}x wall, "
        f"{speed_ours[1] / speed_ptt[1]:.1f}x cpu",
    ]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
