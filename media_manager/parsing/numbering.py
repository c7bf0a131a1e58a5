"""Season, episode, absolute and date numbering in a release name, found in stages.

``find_numbering`` runs the stages in order of how reliable their markers are: an air date,
marked numbering (``S01E02``, ``1x02``), season and episode words in several languages,
unmarked numbers (anime absolute numbers, ``101``/``1013`` forms), ``Part N`` and specials.
Each stage records what it found, and where, in one ``Numbering``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from . import episodes as ep
from .tokens import Tag

MAX_YEAR = date.today().year + 2
RESOLUTION_NUMBERS = frozenset({240, 360, 480, 540, 576, 720, 1080, 1440, 2160})
SEPARATORS = " ._-[](){}【】,+~"
# Words that may sit right before the numbering: "Show Cap.1x05", "Show Ep 1x05".
EPISODE_WORD_END_RE = re.compile(
    r"(?<![a-z0-9])(?:cap|cap[ií]tulo|ep|episode|epis[oó]dio|folge)[ ._]*$", re.IGNORECASE
)
_ABSOLUTE_AFTER_RE = re.compile(r"[ ._]*-[ ._]*(\d{3}|(?!19|20)\d{4})(?=$|[ ._]*[-\[(])")
_YYMMDD_RE = re.compile(r"(?<=[ .])(\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[ .]|$)")
_NUMBER_AFTER_SEASON_RE = re.compile(r"[ ._]+(\d{1,4})(?:v\d)?(?:-(\d{1,4}))?(?=$|[ ._\[(【])")
_ABSOLUTE_PAREN_RE = re.compile(r"[ ._]*\((\d{1,4})(?:-(\d{1,4}))?\)")
_ABSOLUTE_RANGE_AFTER_RE = re.compile(r"[ ._]+(\d{2,4})-(\d{2,4})(?=$|[ ._]*[\[(])")
_ABSOLUTE_RANGE_BEFORE_RE = re.compile(r"(?<=[ ._])(\d{2,4})-(\d{2,4})[ ._]+$")
_NX_ALL_RE = re.compile(r"(?<![a-z0-9])(\d{1,2})xall(?![a-z0-9])", re.IGNORECASE)
_YEARISH_RE = re.compile(r"(?<![0-9])(?:19|20)\d\d")
_PADDED_NUMBER_RE = re.compile(r"(?<=[ .])(0\d{1,2})(?:v\d)?(?=[ .][^\W\d_])", re.IGNORECASE)
_NUMBER_AFTER_TAGS_RE = re.compile(r"[)\]】][ ._]*-[ ._]*(\d{1,4})$")
_DIGITS = tuple("0123456789")
_RESOLUTION_TAG_RE = re.compile(r"\d{3,4}[pi](?![a-z])", re.IGNORECASE)
_PAREN_YEAR_RE = re.compile(r"\((?:19|20)\d\d\)")
# The largest episode that a bare "SEE"/"SSEE" number may stand for (see ``_find_unmarked``).
_MAX_SEE_EPISODE = 39
_TITLE_WORD_BEFORE_RE = re.compile(
    r"(?<![a-z0-9])(?:of|the|a|an|in|on|to|at|for|from|and|no|nr|number|room)[ ._]+$", re.I
)
_VOLUME_BEFORE_RE = re.compile(r"(?<![a-z0-9])(?:vol|volume|disc|disk|cd|dvd)[ ._]*$", re.I)
# Substrings without which the season-word and complete-series patterns cannot match: testing
# them first is much cheaper than the patterns, which most names do not contain.
_SEASON_WORD_HINTS = (
    "seas", "staf", "sais", "tem", "stag", "сезо", "seiz", "säs", "sas", "sæs", "saes", "seso",
    "kaus", "sezo", "séri", "seri", "se.",
)  # fmt: skip
# Substrings every SPECIAL_RE match contains.
_SPECIAL_HINTS = ("ova", "oad", "ona", "omake")
_COMPLETE_HINTS = ("complete", "full", "entire", "whole", "int", "komplette", "all")
_DATE_SEPARATORS = frozenset(" ._-")
_MONTH_HINTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(slots=True)
class Numbering:
    """What the numbering stages found; ``anchor`` is where the first numbering starts."""

    anchor: int
    seasons: list[int] = field(default_factory=list)
    episodes: list[int] = field(default_factory=list)
    absolute: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    air_date: date | None = None
    version: int | None = None
    special: bool = False
    complete_series: bool = False
    special_start: int | None = None

    def take(self, start: int, end: int) -> None:
        self.spans.append((start, end))
        if start < self.anchor:
            self.anchor = start

    @property
    def numbered(self) -> bool:
        return bool(self.seasons or self.episodes or self.absolute or self.air_date)


@dataclass(slots=True)
class SeasonMatch:
    """A season marker (``Season 2``, ``S02``, ``2nd Season``, ``Сезон 2``) and its episodes."""

    start: int
    end: int
    seasons: list[int]
    episodes: list[int]


def _has_any(lower: str, hints: tuple[str, ...]) -> bool:
    # A plain loop: a generator expression costs more than the substring tests themselves.
    for hint in hints:  # noqa: SIM110
        if hint in lower:
            return True
    return False


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    for s_start, s_end in spans:  # noqa: SIM110 (as in _has_any)
        if start < s_end and s_start < end:
            return True
    return False


def find_numbering(
    body: str, anime: bool, quality_start: int, tags: list[Tag], video_file: bool = False
) -> Numbering:
    """Season, episode, absolute and date numbering, with where it starts in the name."""
    num = Numbering(anchor=len(body))
    body = ep.lower_text(body)
    # Every date pattern holds a four-digit year.
    if "19" in body or "20" in body:
        _find_air_date(num, body, quality_start, tags)
    if not _find_marked(num, body, anime, quality_start):
        _find_worded(num, body, anime, quality_start)
    if num.version is None and (num.episodes or num.seasons) and num.spans:
        # "S01E05 - Title [HDTV-1080p][v2]": a version tag after the numbering.
        vm = ep.VERSION_RE.search(body, max(end for _, end in num.spans))
        num.version = int(vm.group(1)) if vm else None
    if not num.episodes and not num.absolute and num.air_date is None:
        _find_unmarked(num, body, anime, quality_start, video_file)
    if not num.numbered and not anime and quality_start < len(body):
        _find_part(num, body)
    _find_special(num, body, anime, quality_start)
    return num


def _possible_dates(body: str) -> list[re.Pattern[str]]:
    """The date patterns that can match, judged from the characters around each year."""
    year_then_separator = day_month_then_year = compact = False
    for ym in _YEARISH_RE.finditer(body):
        start, end = ym.span()
        after = body[end : end + 1]
        if after and after in _DATE_SEPARATORS:
            year_then_separator = True
        elif after.isdigit():
            compact = True
        if start >= 2 and body[start - 1] in _DATE_SEPARATORS and body[start - 2].isdigit():
            day_month_then_year = True
    named = _has_any(body.lower(), _MONTH_HINTS)
    possible = []
    if year_then_separator:
        possible += [ep.DATE_YMD_RE, ep.DATE_YDM_RE]
    if named:
        possible.append(ep.DATE_NAMED_RE)
        if year_then_separator:
            possible.append(ep.DATE_YEAR_NAMED_RE)
    if day_month_then_year:
        possible.append(ep.DATE_XXY_RE)
    if compact:
        possible.append(ep.DATE_COMPACT_RE)
    return possible


def _find_air_date(num: Numbering, body: str, quality_start: int, tags: list[Tag]) -> None:
    """Daily shows: the first date pattern that reads as a real date."""
    for rx in _possible_dates(body):
        m = rx.search(body)
        if not m:
            continue
        # A bare 20190512 is only a date in a release name that has tags (not "VID_20190512").
        # "Show - 20211107 - Guest": between spaced dashes it is a date too.
        if rx is ep.DATE_COMPACT_RE and (
            m.start() == 0
            or (
                quality_start >= len(body)
                and body[m.start() - 3 : m.start()] != " - "
                and body[m.start() - 1] != "."
            )
        ):
            continue
        if rx is ep.DATE_YMD_RE:
            # "PyCharm 2024.3.1" is a version: one-digit parts are a date only in a release name.
            if (len(m.group(3)) < 2 or len(m.group(4)) < 2) and not any(
                t.strong and t.start >= m.end() for t in tags
            ):
                continue
            found = ep.make_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        elif rx is ep.DATE_YDM_RE:
            # Day before month is rare: only in a release name with tags after it.
            if not any(t.strong and t.start >= m.end() for t in tags):
                continue
            found = ep.make_date(int(m.group(1)), int(m.group(4)), int(m.group(3)))
        elif rx is ep.DATE_NAMED_RE:
            found = ep.parse_named_date(m)
        elif rx is ep.DATE_YEAR_NAMED_RE:
            found = ep.parse_year_named_date(m)
        elif rx is ep.DATE_XXY_RE:
            found = ep.parse_xxy_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        else:
            found = ep.make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if found is not None:
            num.air_date = found
            num.take(m.start(), m.end())
            return


def _find_marked(num: Numbering, body: str, anime: bool, quality_start: int) -> bool:
    """``S01E02`` or ``1x02`` and what continues them (``E03``, ``-04``, ``_1x03``)."""
    m = ep.SXXEYY_RE.search(body)
    cont = ep.CONT_E_RE
    if m is None:
        m = ep.NXNN_RE.search(body)
        if m and m.start() == 0 and len(m.group(2)) == 1:
            # "4x4 Adventure": a short NxN that opens the name is a title.
            m = ep.NXNN_RE.search(body, m.end())
        cont = ep.CONT_X_RE
    if m is None:
        return False
    num.take(m.start(), m.end())
    num.seasons.append(int(m.group(1)))
    num.episodes.append(int(m.group(2)))
    num.version = int(m.group(3)) if m.group(3) else None
    pos = _continue(body, m.end(), num.seasons, num.episodes, cont)
    if num.air_date is None:
        num.air_date, pos = _yymmdd_after(body, pos)
    num.spans[-1] = (m.start(), pos)
    absolute = _paren_absolute(body, pos, num.episodes)
    if absolute:
        num.absolute.extend(absolute)
        return True
    if anime:
        # Anime sometimes gives both: "Title - 13 (S02E01)" or "Title - S02E01 - 013".
        am = ep.ANIME_DASH_RE.search(body, 0, m.start())
        if am is None or am.start() == 0:
            am = ep.ANIME_DASH_RE.search(body, pos, quality_start + 1)
        if am and am.start() > 0:
            num.absolute.append(int(am.group(1)))
            num.take(am.start(), am.end())
        else:
            _bare_absolute_after(num, body, pos)
    else:
        # "Show - S02E05 - 030 - Title": a padded absolute number right after the episode.
        am = _ABSOLUTE_AFTER_RE.match(body, pos)
        if am and int(am.group(1)) >= num.episodes[-1]:
            num.absolute.append(int(am.group(1)))
            num.take(am.start(), am.end())
        elif len(num.episodes) > 1:
            _absolute_range_beside(num, body, m.start(), pos)
    return True


def _bare_absolute_after(num: Numbering, body: str, end: int) -> None:
    """``[Group] Title S10E14 214``: in a fansub name, a bare number right after the season
    numbering counts from the first episode. (One before it is the title's: "Mob Psycho 100
    S02E01".)"""
    bm = _NUMBER_AFTER_SEASON_RE.match(body, end)
    if bm is None:
        return
    value = int(bm.group(1))
    if value <= num.episodes[-1] or 1900 <= value <= MAX_YEAR:
        return
    num.absolute.append(value)
    num.take(bm.start(), bm.end())


def _paren_absolute(body: str, pos: int, episodes: list[int]) -> list[int]:
    """``S02E01 (14)``, ``- 16-20 (191-195)``: the same episodes counted from the first, in
    brackets right after the numbering."""
    pm = _ABSOLUTE_PAREN_RE.match(body, pos)
    if pm is None or not episodes:
        return []
    first = int(pm.group(1))
    last = int(pm.group(2)) if pm.group(2) else first
    if last - first + 1 != len(episodes) or first <= episodes[-1] or 1900 <= first <= MAX_YEAR:
        return []
    numbers = [first]
    ep.expand(numbers, first, last)
    return numbers


def _absolute_range_beside(num: Numbering, body: str, start: int, end: int) -> None:
    """``Show s16e03e04 313-314``, ``Show 313-315 s16e03-05``: the same episodes counted from
    the first, as a range of as many numbers right before or after the season numbering."""
    am = _ABSOLUTE_RANGE_AFTER_RE.match(body, end)
    if am is None:
        am = _ABSOLUTE_RANGE_BEFORE_RE.search(body, 0, start)
        if am is None or not body[: am.start()].strip(SEPARATORS):
            return
    first, last = int(am.group(1)), int(am.group(2))
    if last - first + 1 != len(num.episodes) or first < num.episodes[-1]:
        return
    if 1900 <= first <= MAX_YEAR:  # "S02E01E02 2019-2020": the years the episodes aired
        return
    num.absolute.append(first)
    ep.expand(num.absolute, first, last)
    num.take(am.start(), am.end())


def _find_worded(num: Numbering, body: str, anime: bool, quality_start: int) -> None:
    """Numbering written with words: seasons, episodes, mini-series and complete series."""
    lower = body.lower()
    found = _find_season_words(body, lower, anime)
    if found is None and "xall" in lower:
        # "Show.1xAll": every episode of season 1.
        am = _NX_ALL_RE.search(body)
        if am and am.start() > 0:
            found = SeasonMatch(am.start(), am.end(), [int(am.group(1))], [])
    if found and num.air_date is not None and overlaps(found.start, found.end, num.spans):
        # "Date.Series.10-11-2008": the season word's number is part of the air date.
        found = None
    if found is not None:
        num.take(found.start, found.end)
        num.seasons.extend(found.seasons)
        num.episodes.extend(found.episodes)
    mm = ep.MINISERIES_RE.search(body) if not num.seasons and "mini" in lower else None
    if mm and mm.start() > 0:
        num.seasons.append(1)
        num.take(mm.start(), mm.end())
    cm = ep.COMPLETE_SERIES_RE.search(body) if _has_any(lower, _COMPLETE_HINTS) else None
    if cm and cm.start() > 0:
        num.complete_series = True
        num.take(cm.start(), cm.end())
    if not num.episodes:
        _find_episode_word(num, body, anime)
    if not num.episodes and not body.isascii():
        _find_foreign_episode(num, body)
    if not num.episodes and num.air_date is None and quality_start < len(body):
        om = ep.OF_RE.search(body)
        if om and found is not None and found.start <= om.start() < found.end:
            # "Season 2 of 5": the count of seasons; an episode count may follow ("3of9").
            om = ep.OF_RE.search(body, om.end())
        if om and om.start() > 0:
            # "Part 3 of 6": a mini-series, season 1.
            num.episodes.append(int(om.group(1)))
            if not num.seasons:
                num.seasons.append(1)
            num.take(om.start(), om.end())


def _find_episode_word(num: Numbering, body: str, anime: bool) -> None:
    """``Episode 5``, ``Ep.05``, ``Cap.105``, ``afl.7`` after the title (or after the season)."""
    em = ep.EPISODE_WORD_RE.search(body)
    if not em or em.start() == 0:
        return
    if num.spans and num.seasons and em.start() <= num.spans[0][0]:
        return
    season, found = _episode_word_numbers(em)
    if season is not None and not num.seasons:
        num.seasons.append(season)
    num.episodes.extend(found)
    if em.group(3):
        num.version = int(em.group(3))
    if em.group(6) and not num.seasons:
        num.seasons.append(1)
    end = em.end()
    if season is None and em.group(5) is None and em.group(6) is None:
        # "EP01.EP02", "Ep01+Ep02": more episodes written the same way.
        end = _continue(body, end, num.seasons, num.episodes, ep.CONT_E_RE)
    num.take(em.start(), end)
    if num.air_date is None:
        num.air_date, end = _yymmdd_after(body, end)
        num.spans[-1] = (em.start(), end)
    if anime and not num.seasons:
        # "[Group] Title - Episode 05": fansubs count episodes absolutely, as in "Title - 05".
        num.absolute, num.episodes = num.episodes, []


def _find_foreign_episode(num: Numbering, body: str) -> None:
    """Episode markers of non-Latin scripts: ``5 серия``, ``第05話``, ``12화``."""
    nm = ep.NUMBER_FIRST_EPISODE_RE.search(body)
    if nm and nm.start() > 0:
        num.episodes.append(int(nm.group(1)))
        num.take(nm.start(), nm.end())
        return
    cjk = ep.CJK_EPISODE_RE.search(body)
    if cjk:
        number = ep.to_int(cjk.group(1) or cjk.group(3))
        num.episodes.append(number)
        if cjk.group(2):
            ep.expand(num.episodes, number, int(cjk.group(2)))
        num.take(cjk.start(), cjk.end())


def _find_part(num: Numbering, body: str) -> None:
    """``Title Part 2 1080p``: outside anime, a part of a release with tags is episode N."""
    pm = ep.PART_RE.search(body)
    if pm and pm.start() > 0 and not ep.YEAR_RE.search(body, pm.end()):
        value = ep.to_int(pm.group(1))
        if value:
            num.seasons.append(1)
            num.episodes.append(value)
            num.take(pm.start(), pm.end())


def _find_special(num: Numbering, body: str, anime: bool, quality_start: int) -> None:
    lower = body.lower()
    if "sp" not in lower and not _has_any(lower, _SPECIAL_HINTS):
        return
    sm = ep.SPECIAL_RE.search(body)
    if not sm or sm.start() == 0:
        return
    numbered = sm.group()[-1:].isdigit()
    if numbered and not anime and quality_start >= len(body):
        # "Windows 7 SP1 x64": outside fansubs and release names "SP1" is a service pack.
        return
    after = body[sm.end() : sm.end() + 1]
    if after and after not in " ._-[(" and not sm.group().lower().startswith("sp"):
        return
    num.special = True
    if not num.seasons and not num.episodes and sm.start() < num.anchor:
        num.special_start = sm.start()
    if numbered and not num.episodes and not num.absolute:
        num.episodes.append(int(re.sub(r"\D", "", sm.group())))


def _yymmdd_after(body: str, pos: int) -> tuple[date | None, int]:
    """The air date that Korean releases write after the episode: ``E01.200312``."""
    m = ep.YYMMDD_AFTER_EPISODE_RE.match(body, pos)
    if not m:
        return None, pos
    found = ep.make_date(2000 + int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return found, m.end() if found else pos


def _continue(
    body: str, pos: int, seasons: list[int], episodes: list[int], cont: re.Pattern[str]
) -> int:
    while True:
        c = cont.match(body, pos)
        if c:
            connector, season, number = c.group(1), c.group(2), int(c.group(3))
            if season and int(season) not in seasons:
                seasons.append(int(season))
                episodes.append(number)
            elif connector in ("-", "~", "to") or (connector is None and number > episodes[-1]):
                # "E01E03" and "1x01_1x03" name the first and the last episode, like "E01-E03".
                ep.expand(episodes, episodes[-1], number)
            elif number not in episodes:
                episodes.append(number)
            pos = c.end()
            continue
        c = ep.CONT_N_RE.match(body, pos)
        if c and int(c.group(2)) > episodes[-1]:
            if c.group(1) == "+":
                # "S01E01+02": a list of episodes.
                episodes.append(int(c.group(2)))
            else:
                ep.expand(episodes, episodes[-1], int(c.group(2)))
            pos = c.end()
            continue
        return pos


def _find_season_words(body: str, lower: str, anime: bool) -> SeasonMatch | None:
    """The season marker that comes first in the name, with the episodes written after it."""
    best: SeasonMatch | None = None

    season_hint = _has_any(lower, _SEASON_WORD_HINTS)
    m = ep.SEASON_WORD_RE.search(body) if season_hint else None
    if m:
        numbers = [ep.to_int(m.group(1))]
        found_episodes: list[int] = []
        for cm in ep.CONNECTOR_NUMBER_RE.finditer(m.group(2)):
            connector = cm.group(1).strip(" ._").lower()
            value = int(cm.group(2))
            raw_connector = m.group(2)[: cm.start(2)]
            if (
                len(numbers) == 1
                and connector == "-"
                and " - " in raw_connector
                and (anime or cm.group(2).startswith("0") or value <= numbers[0])
            ):
                found_episodes.append(value)
                break
            if connector in ep.RANGE_WORDS:
                ep.expand(numbers, numbers[-1], value)
            else:
                numbers.append(value)
        end = m.end()
        if not found_episodes:
            found_episodes, end = _episodes_after(body, end)
        best = SeasonMatch(m.start(), end, numbers, found_episodes)

    m = ep.SEASON_S_RE.search(body)
    while m and m.start() == 0:
        m = ep.SEASON_S_RE.search(body, m.end())
    if m and (best is None or m.start() < best.start):
        numbers = [int(m.group(1))]
        pos = m.end()
        while True:
            c = ep.CONT_S_RE.match(body, pos)
            if c:
                value = int(c.group(2))
                if c.group(1) in ("-", "~", "to"):
                    ep.expand(numbers, numbers[-1], value)
                elif value not in numbers:
                    numbers.append(value)
                pos = c.end()
                continue
            c = ep.CONT_S_BARE_RE.match(body, pos)
            if c and int(c.group(2)) > numbers[-1] and not anime:
                ep.expand(numbers, numbers[-1], int(c.group(2)))
                pos = c.end()
                continue
            break
        found_episodes, pos = _episodes_after(body, pos)
        best = SeasonMatch(m.start(), pos, numbers, found_episodes)

    for rx in (ep.ORDINAL_SEASON_RE, ep.CJK_SEASON_RE):
        if rx is ep.CJK_SEASON_RE and body.isascii():
            continue
        # "2nd Season", "3. Staffel": the season words all contain one of the hints.
        if rx is ep.ORDINAL_SEASON_RE and not season_hint:
            continue
        m = rx.search(body)
        if m and (best is None or m.start() < best.start):
            raw = next(g for g in m.groups() if g)
            if raw[:1].isdigit():
                # "2nd", "1a", "2ª", "3ème": the digits are the season.
                raw = raw.rstrip("".join(ch for ch in raw if not ch.isdigit()))
            value = ep.to_int(raw)
            if value:
                found_episodes, end = _episodes_after(body, m.end())
                best = SeasonMatch(m.start(), end, [value], found_episodes)
    if "lüm" in body or "lum" in body or "LÜM" in body or "LUM" in body:
        m = ep.TR_EPISODE_RE.search(body)
        if m and m.start() > 0 and (best is None or m.start() < best.start):
            best = SeasonMatch(m.start(), m.end(), [int(m.group(1) or 1)], [int(m.group(2))])
    number_first = not body.isascii() or any(w in lower for w in ep.NUMBER_FIRST_SEASON_WORDS)
    m = ep.NUMBER_FIRST_SEASON_RE.search(body) if number_first else None
    if m and m.start() > 0 and (best is None or m.start() < best.start):
        first = m.group(2) or m.group(4)
        # "Studio 60 Сезон 5": a number after the season word is the season, not the one before.
        if first or best is None or best.start >= m.end():
            found_episodes = [int(first)] if first else []
            if m.group(3):
                ep.expand(found_episodes, found_episodes[0], int(m.group(3)))
            best = SeasonMatch(m.start(), m.end(), [int(m.group(1))], found_episodes)
    return best


def _episodes_after(body: str, pos: int) -> tuple[list[int], int]:
    """The episode word that may follow a season: "Season 2 Episode 3", "S03 Episodes 6-10"."""
    em = ep.EPISODE_WORD_RE.match(body, _skip_separators(body, pos))
    if not em:
        return [], pos
    return _episode_word_numbers(em)[1], em.end()


def _episode_word_numbers(em: re.Match[str]) -> tuple[int | None, list[int]]:
    """The season (Spanish "Cap.105" is 1x05) and the episodes of an episode-word match."""
    number = int(em.group(1) or em.group(2))
    end = int(em.group(5)) if em.group(5) else None
    season = None
    if em.group().lower().startswith("cap") and number >= 100:
        # "Cap.105" is season 1, episode 5; "Cap.201_204" episodes 1 to 4 of season 2.
        season, number = divmod(number, 100)
        if end is not None and end >= 100:
            end %= 100
    found = [number]
    if end is not None:
        ep.expand(found, number, end)
    return season, found


def _skip_separators(body: str, pos: int) -> int:
    # "Сезон: 1 / Серии: 1-10": Russian trackers separate the numbering parts with slashes.
    while pos < len(body) and body[pos] in " ._-/:|,":
        pos += 1
    return pos


def _number_ends_title(region: str, m: re.Match[str], after: str) -> bool:
    """``[Group] Mob Psycho 100 [1080p]``: a bare, unpadded 3-digit number right before the tag
    brackets, with nothing closing the title before it, is more likely part of the title than an
    episode (fansubs write episodes as " - 05", "05", "[05]" or 4-digit "1089")."""
    digits = m.group(1)
    return (
        len(digits) == 3
        # Round numbers ("Mob Psycho 100", "Zom 100") name things; "Title 112" counts episodes.
        and digits.endswith("00")
        and not m.group(2)
        and after in ("[", "(")
        and not region[: m.start()].rstrip(" ._").endswith((")", "]"))
        and region[m.end(1) :].strip(" ._") == ""
    )


def _find_unmarked(
    num: Numbering, body: str, anime: bool, quality_start: int, video_file: bool
) -> None:
    """Numbers without a marker, with the version fansubs write after them."""
    _find_bare_number(num, body, anime, quality_start, video_file)
    if not num.absolute or num.version is not None:
        return
    vm = ep.VERSION_RE.search(body)
    num.version = int(vm.group(1)) if vm else None
    am = ep.ANIME_DASH_RE.search(body)
    if am and am.group(2):
        num.version = int(am.group(2))
    bm = ep.ANIME_BRACKET_RE.search(body)
    if bm and bm.group(2):
        num.version = int(bm.group(2))


def _find_bare_number(
    num: Numbering, body: str, anime: bool, quality_start: int, video_file: bool
) -> None:
    """Numbers without a season marker: anime absolute numbers and the 101/1013 forms."""
    limit = min(quality_start, len(body))
    if _dash_number(num, body, anime, limit) or _bracket_number(num, body, anime):
        return
    if anime and body.endswith(_DIGITS):
        # "[Group] Title (TBS 1280x720 x264 AAC) - 17": the number after the tag bracket.
        m = _NUMBER_AFTER_TAGS_RE.search(body)
        if m and not overlaps(m.start(), m.end(), num.spans) and int(m.group(1)) < 1900:
            (num.episodes if num.seasons else num.absolute).append(int(m.group(1)))
            num.take(m.start(), m.end())
            return
    region_end = min(limit, num.anchor)
    bracket = body.find("[", 1)
    if bracket > 0:
        region_end = min(region_end, bracket)
    paren = body.find("(", 1)
    while paren > 0 and _PAREN_YEAR_RE.match(body, paren):
        paren = body.find("(", paren + 1)
    if anime and paren > 0:
        region_end = min(region_end, paren)
    region = body[:region_end]
    if anime and num.seasons and not num.episodes and num.spans:
        # "[Group] Title S2 01 [1080p]": the episode right after a bare season marker.
        sm = _NUMBER_AFTER_SEASON_RE.match(body, max(end for _, end in num.spans))
        if sm and not 1900 <= int(sm.group(1)) <= MAX_YEAR:
            num.episodes.append(int(sm.group(1)))
            if sm.group(2):
                ep.expand(num.episodes, num.episodes[0], int(sm.group(2)))
            num.take(sm.start(), sm.end())
            return
    if anime:
        _trailing_anime_number(num, body, region, region_end)
        if not num.absolute and not num.episodes:
            _padded_anime_number(num, region)
        return
    # Without tags only a video file's name is a release name ("Show 206 Pilot.avi"); there a
    # number reads only as a plain SEE, never as an absolute or a 4-digit form.
    tagless = quality_start >= len(body)
    if (tagless and not video_file) or num.seasons:
        return
    if not tagless and _yymmdd_date(num, region):
        return
    if not _compressed_number(num, body, region, tagless):
        _find_short_number(num, region, body, tagless)


def _yymmdd_date(num: Numbering, region: str) -> bool:
    """``Show.190315.720p.HDTV``: a six-digit date between the title and the tags."""
    m = _YYMMDD_RE.search(region)
    if m is None or not region[: m.start()].strip(SEPARATORS):
        return False
    year = 2000 + int(m.group(1))
    found = ep.make_date(year if year <= MAX_YEAR else year - 100, int(m.group(2)), int(m.group(3)))
    if found is None:
        return False
    num.air_date = found
    num.take(m.start(), m.end())
    return True


def _dash_number(num: Numbering, body: str, anime: bool, limit: int) -> bool:
    """``Title - 05``, ``Title - 01-12``, ``Title #05`` before the tags."""
    target = num.episodes if num.seasons else num.absolute
    for m in ep.ANIME_DASH_RE.finditer(body, 0, limit + 1):
        number = int(m.group(1))
        if m.start() == 0 or overlaps(m.start(), m.end(), num.spans):
            continue
        # The search stops at the tags: "Season 4 - 1080p" must not read "- 1" as a number.
        if body[m.end() : m.end() + 1].isalnum():
            continue
        if not anime and 1900 <= number <= MAX_YEAR:
            continue
        # "Title - 720 HDTV" may be a resolution written without its "p", unless the name has
        # one; a number that ends a name without tags ("One Piece - 720") is the episode's.
        if (
            not anime
            and number in RESOLUTION_NUMBERS
            and not _RESOLUTION_TAG_RE.search(body)
            and (m.end() < len(body) or limit < len(body))
        ):
            continue
        # Outside anime, "Title - 05" must be followed by the tags, the end or " - Episode
        # title", so that "Meeting - 2 people" stays a title.
        if not anime and m.end() < limit:
            rest = body[m.end() : limit].lstrip(" ._")
            if rest and rest[0] not in "-[(【":
                continue
        target.append(number)
        if m.group(3):
            ep.expand(target, number, int(m.group(3)))
        num.take(m.start(), m.end())
        absolute = _paren_absolute(body, m.end(), target)
        if absolute and target is num.absolute:
            # "Title 2 - 16-20 (191-195)": the dash numbers count within the season.
            num.episodes.extend(num.absolute)
            num.absolute[:] = absolute
        elif absolute:
            # "Title S2 - 05 (17)": the season's episode, then the absolute number.
            num.absolute.extend(absolute)
        return True
    return False


def _bracket_number(num: Numbering, body: str, anime: bool) -> bool:
    """``[Group][Title][05][1080p]``, ``Title (01-12)``: a number in its own bracket."""
    if "[" not in body and "(" not in body and "【" not in body:
        return False
    target = num.episodes if num.seasons else num.absolute
    for m in ep.ANIME_BRACKET_RE.finditer(body):
        number = int(m.group(1))
        if m.start() == 0 or number in RESOLUTION_NUMBERS or 1900 <= number <= MAX_YEAR:
            continue
        if not anime and "[" not in body[: m.start()]:
            # "The Office [401] Fun Run.avi": outside fansubs, a bracketed 3-4 digit number
            # after the title reads like the bare form.
            if (
                not num.seasons
                and 3 <= len(m.group(1)) <= 4
                and m.lastindex == 1
                and body[m.start()] == "["
                and body[: m.start()].strip(SEPARATORS)
                and not ep.YEAR_RE.search(body, m.end())
            ):
                _see_number(num, body, m)
                return True
            continue
        target.append(number)
        if m.group(3):
            ep.expand(target, number, int(m.group(3)))
        num.take(m.start(), m.end())
        return True
    return False


def _trailing_anime_number(num: Numbering, body: str, region: str, region_end: int) -> None:
    """``[Group] Title 05 [1080p]``: in a fansub name, the number that ends the title part."""
    m = ep.TRAILING_NUMBER_RE.search(region)
    if not m or m.start() == 0 or not region[: m.start()].strip(SEPARATORS):
        return
    number = int(m.group(1))
    if _number_ends_title(region, m, body[region_end : region_end + 1]):
        return
    # "[Group] Title Vol. 2 [BD]": a volume or disc of a release, not an episode.
    if _VOLUME_BEFORE_RE.search(region, 0, m.start() + 1):
        return
    # "[Group] Mob Psycho 100 S1-S3": a number right before the season is the title's.
    if num.seasons and region_end == num.anchor and not m.group(3):
        return
    if number in RESOLUTION_NUMBERS or 1900 <= number <= MAX_YEAR:
        return
    target = num.episodes if num.seasons else num.absolute
    target.append(number)
    if m.group(3):
        ep.expand(target, number, int(m.group(3)))
    num.take(m.start(), m.end())


def _padded_anime_number(num: Numbering, region: str) -> None:
    """``[Group] Title 07 Episode Name [CRC]``: in a fansub name, a zero-padded number between
    the title and an episode title is the episode's (absolute) number."""
    m = _PADDED_NUMBER_RE.search(region)
    if (
        m is None
        or not region[: m.start()].strip(SEPARATORS)
        or _TITLE_WORD_BEFORE_RE.search(region, 0, m.start())
        or _VOLUME_BEFORE_RE.search(region, 0, m.start())
    ):
        return
    num.absolute.append(int(m.group(1)))
    num.take(m.start(), m.end())


def _compressed_number(num: Numbering, body: str, region: str, tagless: bool) -> bool:
    """``Show.Name.101.HDTV``, ``Show.Name.1013.Episode.Title.HDTV``, ``Show.10304.HDTV``: the
    first 3-5 digit number after the title that is not a year or a resolution.

    Returns whether a number decided the matter (found, or showed that the name has none).
    """
    for m in ep.NUMBER_FORM_RE.finditer(region):
        value = int(m.group(1))
        if not region[: m.start()].strip(SEPARATORS):
            continue
        if 1900 <= value <= MAX_YEAR + 10:
            continue
        # "Show 720 HDTV" may be a resolution without its "p"; "Show 360 1080i" is not.
        if value in RESOLUTION_NUMBERS and not _RESOLUTION_TAG_RE.search(body):
            continue
        # "Tales of 1001 Nights", "The.100.109": after a preposition or article the number is
        # the title's, and a later one may still be the episode's.
        if _TITLE_WORD_BEFORE_RE.search(region, 0, m.start()):
            continue
        # "Vol 101": after a volume word, the numbers are the title's.
        if _VOLUME_BEFORE_RE.search(region, 0, m.start()):
            return True
        digits = m.group(1)
        if tagless and (len(digits) != 3 or not 0 < value % 100 <= _MAX_SEE_EPISODE):
            return True
        if len(digits) == 5:
            _five_digit_pair(num, region, m)
            return True
        # A number followed by a year is part of a movie title: "Blade.Runner.2049.2017".
        if ep.YEAR_RE.search(region, m.end()):
            return True
        _see_number(num, region, m)
        return True
    return False


def _five_digit_pair(num: Numbering, region: str, m: re.Match[str]) -> None:
    """``10304``: season 1, episodes 03 and 04 (two episodes in a row, both plausible)."""
    digits = m.group(1)
    season, first, last = int(digits[0]), int(digits[1:3]), int(digits[3:])
    plausible = 0 < first == last - 1 < _MAX_SEE_EPISODE
    if season and plausible and not ep.YEAR_RE.search(region, m.end()):
        num.seasons.append(season)
        num.episodes.append(first)
        ep.expand(num.episodes, first, last)
        num.take(m.start(), m.end())


def _see_number(num: Numbering, region: str, m: re.Match[str]) -> None:
    """SEE/SSEE (``101`` = 1x01, ``1013`` = 10x13) while it reads as a plausible season and
    episode; ``One Piece 1089``, ``Show 250`` or ``Show 1100`` are absolute episode numbers.
    A leading zero (``0305``) is always SSEE."""
    digits = m.group(1)
    value = int(digits)
    season, episode = divmod(value, 100)
    if len(digits) == 3 and digits.startswith("0") and value:
        # "Show.012.HDTV": a padded three-digit number has no season digit; it is absolute.
        num.absolute.append(value)
        num.take(m.start(), m.end())
        return
    if not digits.startswith("0") and (
        episode > _MAX_SEE_EPISODE
        or season > _MAX_SEE_EPISODE
        or (len(digits) == 4 and episode == 0)
    ):
        num.absolute.append(value)
        end = m.end()
        rm = ep.NUMBER_RANGE_END_RE.match(region, end)
        if rm and value < int(rm.group(1)) <= value + 100:
            # "Show.250-251.HDTV": a range of absolute numbers.
            ep.expand(num.absolute, value, int(rm.group(1)))
            end = rm.end()
        num.take(m.start(), end)
        return
    if episode == 0 or season == 0:
        return
    num.seasons.append(season)
    num.episodes.append(episode)
    end = m.end()
    # "Show.102.103.HDTV": the next episodes of the same season written the same way.
    while (nm := ep.NUMBER_FORM_RE.match(region, end + 1)) and (
        len(nm.group(1)) == len(digits) and int(nm.group(1)) == season * 100 + num.episodes[-1] + 1
    ):
        num.episodes.append(num.episodes[-1] + 1)
        end = nm.end()
    rm = ep.NUMBER_RANGE_END_RE.match(region, end)
    if rm and len(rm.group(1)) == len(digits):
        # "Show.101-103.HDTV": the last episode of a range in the same season.
        last_season, last = divmod(int(rm.group(1)), 100)
        if last_season == season and episode < last <= _MAX_SEE_EPISODE:
            ep.expand(num.episodes, episode, last)
            end = rm.end()
    num.take(m.start(), end)


def _find_short_number(num: Numbering, region: str, body: str, tagless: bool) -> None:
    """``Show.Name.07.PDTV``, ``Neverwhere.05.Down.Street.avi``: a two-digit number between the
    title and the tags (or an episode title) is the episode's number.

    The first zero-padded number wins, otherwise the last one ("Studio 60 on the Sunset Strip
    05"). A number before a year ("Ocean's 11 2001"), after a preposition or article ("Top of
    the 20") or a volume word stays in the title; without tags only a padded number
    in a dotted file name counts.
    """
    found = [
        m for m in ep.SHORT_NUMBER_RE.finditer(region) if region[: m.start()].strip(SEPARATORS)
    ]
    if not found:
        return
    m = next((f for f in found if f.group(1).startswith("0")), found[-1])
    value = int(m.group(1))
    if value == 0:
        return
    # Without tags only a scene-style dotted file name ("Show.05.Title.avi") is a release.
    if tagless and (not m.group(1).startswith("0") or " " in region):
        return
    # "ubuntu-24.04.1": one part of a dotted version number.
    if m.start() > 1 and region[m.start() - 2].isdigit():
        return
    if (
        _TITLE_WORD_BEFORE_RE.search(region, 0, m.start())
        or _VOLUME_BEFORE_RE.search(region, 0, m.start())
        or EPISODE_WORD_END_RE.fullmatch(region, 0, m.start())
    ):
        return
    if ep.YEAR_RE.search(body, m.end()):
        return
    num.absolute.append(value)
    num.take(m.start(), m.end())
