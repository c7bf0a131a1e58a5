"""Season, episode, absolute-number and air-date patterns, and the helpers that read them."""

from __future__ import annotations

import re
from datetime import date

# The patterns here are matched against lower-case text (``lower_text``): without IGNORECASE the
# regex engine does not convert the case of every character it reads.
_I = 0


def lower_text(text: str) -> str:
    """``text`` in lower case, character for character, so that match positions stay valid."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    # "İ" lowers to two characters; such a character keeps its case instead.
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
    "xi": 11, "xii": 12, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
}  # fmt: skip
CJK_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM_WORD = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# After a season word also Roman numerals and French number words: "Saison VII", "Saison sept".
_SEASON_NUM = (
    _NUM_WORD + r"|i{1,3}|iv|vi{0,3}|ix|xi{0,2}|une?|deux|trois|quatre|cinq|sept|huit|neuf|dix"
)


def to_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    low = text.lower()
    if low in WORD_NUMBERS:
        return WORD_NUMBERS[low]
    # Chinese numerals up to 99: 十 = 10, 十二 = 12, 二十 = 20, 二十三 = 23.
    if "十" in text:
        tens, _, units = text.partition("十")
        return CJK_NUMBERS.get(tens, 1) * 10 + CJK_NUMBERS.get(units, 0)
    return CJK_NUMBERS.get(text, 0)


# Connectors between two numbers; the ones in RANGE_WORDS mean "every number in between".
_CONN = r"[ ._]*(?:-|~|to|thru|through|a|à|bis|&|\+|,|and|und|et|y|e|и)[ ._]*"
RANGE_WORDS = frozenset({"-", "~", "to", "thru", "through", "a", "à", "bis"})

# S01E02, S01.E02, s1e2, S01EP02, S01xE02 with an optional version "S01E02v2".
SXXEYY_RE = re.compile(
    r"(?<![a-z0-9])[st](?: (?=\d\d ?e))?(\d{1,4})[ ._-]?(?:e|ep|x|xe)[ ._]?(\d{1,5})(?:v(\d))?"
    r"(?![0-9])",
    _I,
)
# What may follow a first episode: E03, -E03, +E03, E03E04, -S01E03, and a bare "-03" range.
CONT_E_RE = re.compile(
    r"[ ._]?([-+&~]|to|and)?[ ._]?(?:s(\d{1,4})[ ._]?)?(?:e|ep)[ ._]?(\d{1,4})(?:v(\d))?(?![0-9])",
    _I,
)
CONT_X_RE = re.compile(
    r"[ ._]?([-+&~])?[ ._]?(?:((?:19|20)\d\d|\d{1,2})?x)(\d{1,3})(?:v(\d))?(?![0-9])", _I
)
CONT_N_RE = re.compile(r"(-|~|\+)(\d{1,4})(?:v(\d))?(?![0-9a-z])", _I)

# 1x02, 01x02, 1x02-1x03, a year as the season (2021x04), and "1x5" when a separator follows
# (not "4x4Adventure" or "2x4s").
NXNN_RE = re.compile(
    r"(?<![a-z0-9])((?:19|20)\d\d|\d{1,2})(?:[x×]|[ ]x[ ](?=\d\d))(\d{2,3}|\d(?=[ ._-]|$))"
    r"(?:v(\d))?(?![0-9]|[a-uw-wyz])",
    _I,
)

# S01, S01-S03, S01-03, S01 S02, S1+S2 (season packs).
SEASON_S_RE = re.compile(r"(?<![a-z0-9])s(\d{1,2})(?:d\d{1,2})?(?![0-9a-z])", _I)
CONT_S_RE = re.compile(r"[ ._]?([-+&~,]|to|and)?[ ._]?s(\d{1,2})(?![0-9a-z])", _I)
CONT_S_BARE_RE = re.compile(r"[ ._]?(-|~|to)[ ._]?(\d{1,2})(?![0-9a-z])", _I)

_SEASON_WORDS = (
    r"seasons?|staffel(?:n)?|saisons?|temporadas?|stagion[ei]|сезон(?:ы|а)?|seizoen(?:en)?|"
    r"s[äa]song(?:er)?|s(?:æ|ae|a)son(?:er)?|sesong(?:er)?|kausi|sezon(?:y|a)?|sezóna|séria|"
    r"serie|series|se(?=\.\d)|temp?(?=[ ._]\d)"
)
# "Season 2", "Seasons 1-3", "Season 1 & 2", "Staffel 3", "Temporada 1 a 4", "Season Two".
SEASON_WORD_RE = re.compile(
    r"(?<![a-zа-я])(?:the[ ._])?(?:complete[ ._])?(?:" + _SEASON_WORDS + r")(?:[ ._-]|:[ ._]?)?"
    r"(" + _SEASON_NUM + r")((?:" + _CONN + r"(?:(?:" + _SEASON_WORDS + r")[ ._]*|s)?\d{1,2}"
    r"(?![0-9]))*)(?=of\d|[^0-9a-z]|$)",
    _I,
)
# "2nd Season", "Second Season", "3rd Staffel".
ORDINAL_SEASON_RE = re.compile(
    r"(?<![a-z0-9])(\d{1,2}(?:st|nd|rd|th|ª|º|a|o|e|[eè]me|[eè]re)|first|second|third|fourth|fifth|"
    r"sixth)[ ._-](?:season|staffel|saison|temporada|stagione)(?![a-z])",
    _I,
)
# Many languages put the number first: "(1 сезон: 1-8 серии из 8)", "5-й сезон 09-я серия",
# "2. Staffel Folge 5", "2. évad 5. rész", "3 Temporada", "1a. Temporada".
_EPISODE_WORDS_AFTER = r"сери[а-я]*|r[ée]sz|folge|episodio|episode|cap[ií]tulo"
NUMBER_FIRST_SEASON_RE = re.compile(
    r"(?<![0-9])(\d{1,2})(?:\.|-?(?:й|го|ый|ий)|[aoª º]\.?)?[ ._-]*"
    r"(?:сезон[а-я]*|temporada|staffel|saison|stagione|[ée]vad|sezon)(?![a-zа-я])"
    r"(?:[ ._:,-]*(?:(\d{1,3})(?:\.|-?[яй])?(?:[ ._]*[-–][ ._]*(\d{1,3}))?[ ._-]*"
    r"(?:" + _EPISODE_WORDS_AFTER + r")(?:[ ._]*(?:из|of)[ ._]*\d{1,3})?"
    r"|(?:" + _EPISODE_WORDS_AFTER + r")[ ._]*(\d{1,3})(?![0-9])))?",
    _I,
)
# Cheap substring test before NUMBER_FIRST_SEASON_RE (ASCII names only).
NUMBER_FIRST_SEASON_WORDS = ("temporada", "staffel", "saison", "stagione", "vad", "sezon")
# The number before the episode word without a season: "5.серия.из.12", "5. rész".
NUMBER_FIRST_EPISODE_RE = re.compile(
    r"(?<![0-9])(\d{1,3})(?:\.|-?[яй])?[ ._-]*(?:сери[яи]|r[ée]sz)(?![a-zа-я])"
    r"(?:[ ._]*(?:из|of)[ ._]*\d{1,3})?",
    _I,
)
# Turkish: "7. Bölüm" (episode 7), "2. Sezon 7. Bölüm"; without a season it is season 1.
TR_EPISODE_RE = re.compile(
    r"(?<![0-9])(?:(\d{1,2})\.?[ ._-]*sezon[ ._-]*)?(\d{1,4})\.?[ ._-]*b[öo]l[üu]m(?![a-zçğıöşü])",
    _I,
)
CONNECTOR_NUMBER_RE = re.compile(r"(" + _CONN.replace("[ ._]*", "") + r")[ ._]*\D*?(\d{1,2})", _I)

# Groups: 1 number after a word, 2 number after a bare "E", 3 version, 5 range end, 6 "of N".
EPISODE_WORD_RE = re.compile(
    r"(?<![a-z0-9])(?:(?:episodes?|epis[oó]dios?|[ée]pisode|episodi|folge|afl(?:evering)?|avsnitt|"
    r"jakso|odcinek|epizoda|episodul|серия|серии|эпизод|ep|cap[ií]tulo|cap)(?:[ ._]|:[ ._]?)?"
    r"(\d{1,4})"
    r"|e(\d{2,4}|\d(?=e\d)))(?:v(\d))?(?:[ ._]?(-|~|to)[ ._]?(?:(?:e|ep)[ ._]?)?(\d{1,4}))?"
    r"(?:[ ._]?(?:of|из|din)[ ._]?(\d{1,3}))?"
    # "E01E02": another episode may follow straight away.
    r"(?!(?!e\d)[0-9a-z*×])",
    _I,
)
# Chinese, Japanese and Korean: 第2季, 第二季, シーズン2, 시즌 2 / 第05話, 第5集, 05话, 5화.
CJK_SEASON_RE = re.compile(
    r"(?:第([0-9一二三四五六七八九十]{1,3})[季期部]|シーズン\s?(\d{1,2})|시즌\s?(\d{1,2})"
    r"|(?<![0-9])(\d{1,2})期)"
)
CJK_EPISODE_RE = re.compile(
    r"(?:第([0-9一二三四五六七八九十百]{1,4})(?:[-~～]([0-9]{1,4}))?[話话集回]"
    r"|(?<![0-9])(\d{1,4})[話话集화회](?![0-9]))"
)
# Mini-series: "1 of 6", "01of06", "Part 2", "Pt.3".
# "Part 3 of 5" takes its "Part" along, so that the word does not stay in the title.
OF_RE = re.compile(
    r"(?<![a-z0-9])(?:(?:part|pt)[ ._]?)?(\d{1,2})[ ._]?of[ ._]?(\d{1,2})(?![0-9a-z])", _I
)
PART_RE = re.compile(
    r"(?<![a-z0-9])(?:part|pt)[ ._]?(" + _NUM_WORD + r"|[ivx]{1,4})(?![0-9a-z])", _I
)

COMPLETE_SERIES_RE = re.compile(
    r"(?<![a-z0-9])(?:the[ ._])?(?:complete|full|entire|whole)[ ._-]"
    r"(?:series|collection|box[ ._]?set|serie|seasons|show)(?![a-z])"
    r"|(?<![a-z0-9])(?:coffret[ ._-]+)?(?:integrale|int[eé]grale|komplette[ ._]serie|"
    r"serie[ ._]completa|all[ ._]seasons|intégrale)(?![a-z])",
    _I,
)
# "Complete Miniseries": a mini-series is one season, here complete.
MINISERIES_RE = re.compile(r"(?<![a-z0-9])(?:complete[ ._-])?mini[ ._-]?series(?![a-z])", _I)
SPECIAL_RE = re.compile(
    r"(?<![a-z0-9])(?:specials?|ova\d{0,2}|oad\d{0,2}|ona|omake|sp\d{0,2})(?![a-z])"
    r"(?![ ._-]?edition)",
    _I,
)

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# An English month name or its abbreviation ("Mar", "March", "Sept"), not any word that starts
# like one ("Mission 2 Mars 2000", "Octopus").
_MONTH = (
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:uary|ruary|ch|il|e|y|ust|t|tember|"
    r"ember|ober)?(?![a-z])"
)
DATE_YMD_RE = re.compile(
    r"(?<![0-9])((?:19|20)\d\d)([ ._-])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![0-9])"
)
# "2021.31.12": year, day, month, read only when the day cannot be a month.
DATE_YDM_RE = re.compile(
    r"(?<![0-9])((?:19|20)\d\d)([ ._-])(1[3-9]|2\d|3[01])\2(0[1-9]|1[0-2])(?![0-9])"
)
DATE_XXY_RE = re.compile(r"(?<![0-9])(\d{1,2})([ ._-])(\d{1,2})\2((?:19|20)\d\d)(?![0-9])")
DATE_NAMED_RE = re.compile(
    r"(?<![a-z0-9])(?:(\d{1,2})(?:st|nd|rd|th)?[ ._-]+"
    + _MONTH
    + r"|"
    + _MONTH
    + r"[ ._-]+(\d{1,2})(?:st|nd|rd|th)?),?[ ._-]+((?:19|20)\d\d)(?![0-9])",
    _I,
)
# "2024.Oct.08": year, month name, day.
DATE_YEAR_NAMED_RE = re.compile(
    r"(?<![0-9])((?:19|20)\d\d)[ ._-]+" + _MONTH + r"[ ._-]+(\d{1,2})(?:st|nd|rd|th)?(?![0-9])",
    _I,
)
# Korean broadcasts put the air date as yymmdd right after the episode: "E01.200312".
YYMMDD_AFTER_EPISODE_RE = re.compile(
    r"[ ._-](\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![0-9a-z])", _I
)
DATE_COMPACT_RE = re.compile(
    r"(?<![0-9a-z])(20\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![0-9a-z])", _I
)

# Anime absolute numbers: "Title - 12", "Title - 12v2", "Title - 01-12", "Title - 05 END",
# "Title #12".
ANIME_DASH_RE = re.compile(
    r"(?:^|[ ._])(?:-[ ._]*(?:ep(?:isode)?[ ._]?|#)?|#)(\d{1,4})(?:v(\d))?"
    r"(?:[ ._]?(?:-|~)[ ._]?(\d{1,4})(?:v\d)?)?(?:[ ._]?(?:end|final|fin))?"
    r"(?=$|[ ._\[(【-])",
    _I,
)
# "[12]", "[12v2]", "(01-12)", "【05】" in bracket-heavy fansub names.
ANIME_BRACKET_RE = re.compile(
    r"[\[【(](?:ep?|#|第)?(\d{1,4})(?:v(\d))?(?:[ ._]?(?:-|~)[ ._]?(\d{1,4}))?"
    r"(?:[ ._]?(?:end|fin|完))?[話话集]?[\]】)]",
    _I,
)
# The last bare number (or range) before the tags: "[Group] Title 12 [1080p]", "Title 01-12".
TRAILING_NUMBER_RE = re.compile(
    r"(?:^|[ ._])(\d{1,4})(?:v(\d))?(?:[ ._]?(?:end|final))?"
    r"(?:[ ._]?[-~][ ._]?(\d{1,4})(?:v\d)?)?[ ._\-]*$",
    _I,
)
# "101", "1013", "10304"; "101-103" is a range of the same season.
NUMBER_FORM_RE = re.compile(r"(?<=[ .])(\d{3,5})(?=[ .]|$|-\d{3,4}(?:[ .]|$))")
NUMBER_RANGE_END_RE = re.compile(r"-(\d{3,4})(?=[ .]|$)")
# A two-digit episode number after the title: "Show.Name.07.PDTV", "Show 12v2 720p".
SHORT_NUMBER_RE = re.compile(r"(?<=[ .])(\d{2})(?:v(\d))?(?=[ .]|$)", _I)
YEAR_RE = re.compile(r"(?<![0-9a-z])([(\[]?)((?:19|20)\d\d)([)\]]?)(?![0-9a-z])", _I)
VERSION_RE = re.compile(r"(?<![a-z0-9])v([2-9])(?![0-9a-z])", _I)


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_year_named_date(m: re.Match[str]) -> date | None:
    return make_date(int(m.group(1)), _MONTHS[m.group(2).lower()[:3]], int(m.group(3)))


def parse_named_date(m: re.Match[str]) -> date | None:
    day = m.group(1) or m.group(4)
    month = _MONTHS[(m.group(2) or m.group(3)).lower()[:3]]
    return make_date(int(m.group(5)), month, int(day))


def parse_xxy_date(first: int, second: int, year: int) -> date | None:
    # dd.mm.yyyy is the European order and mm.dd.yyyy the American one. A first number above 12
    # is a day (day first), a second number above 12 is a day (month first: "10.23.2023").
    # When both are 12 or less we choose day first: American daily shows are mostly named
    # yyyy.mm.dd, so a name that puts the year last is most likely European (UK soaps).
    if second > 12:
        return make_date(year, first, second)
    return make_date(year, second, first) or make_date(year, first, second)


def expand(numbers: list[int], start: int, end: int) -> None:
    """Append ``start+1 .. end`` to a list ending in ``start`` (a range such as E01-E04)."""
    if end > start and end - start <= 2000:
        numbers.extend(range(start + 1, end + 1))
    elif end != start:
        numbers.append(end)
