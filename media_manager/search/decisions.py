"""Judging search results against a quality profile and what is wanted.

Every rule is a small named predicate: it returns None when the result passes and a reason in
plain words when it does not. The engine runs every rule on every result (a rejected result lists
all its reasons, not just the first), adds up a score, and sorts:

1. accepted results first;
2. coverage: for a season whose episodes are all missing, one-season packs, then multi-season
   packs, then multi-episode releases, then single episodes; for an episode, that episode alone,
   then releases with more episodes, then season packs;
3. the profile's order of qualities (its first quality is the most preferred);
4. score (preferred words, scoring rules of the library's rule sets, proper/repack);
5. seeders; ties keep the indexers' order (priority, then seeders, then age).

Anime releases count episodes from the first one of the show ("Show - 1089"), where the library
has seasons. `AbsoluteNumbering` turns those numbers into seasons and episodes, after which a
release is judged like any other: a batch holding all of a season is that season's pack, one
spanning seasons a multi-season pack.
"""

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from media_manager.indexer.schemas import IndexerResult, ReleaseReading
from media_manager.parsing import titles_match
from media_manager.profiles.qualities import UNKNOWN, Quality, label, quality_of
from media_manager.profiles.schemas import ProfileRead, ScoringRuleRead

MB = 1_000_000
PROPER_BONUS = 10
# A movie whose name gives a year one off still matches (regional release dates differ).
YEAR_TOLERANCE = 1

_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class AbsoluteNumbering:
    """Absolute episode n of a show is its n-th regular episode.

    Regular episodes are those of seasons 1 and up (specials are left out), ordered by season,
    then episode number. The metadata providers' data as stored in the library has no absolute
    numbers of its own, so this order is the mapping; it is what anime groups count when a show's
    seasons follow each other without gaps or reruns.
    """

    # (season, episode) of absolute episode n at index n - 1.
    episodes: tuple[tuple[int, int], ...] = ()

    def __len__(self) -> int:
        return len(self.episodes)

    def lookup(self, numbers: Sequence[int]) -> tuple[tuple[int, int], ...] | None:
        """The (season, episode) of each number; None when one of them is not known."""
        if not all(1 <= number <= len(self.episodes) for number in numbers):
            return None
        return tuple(self.episodes[number - 1] for number in numbers)

    def season_size(self, season: int) -> int:
        return self._season_sizes[season]

    @cached_property
    def _season_sizes(self) -> Counter[int]:
        return Counter(season for season, _ in self.episodes)


@dataclass(frozen=True)
class Wanted:
    """What the user is searching for, read from the library."""

    kind: Literal["tv", "movie"]
    title: str
    alternate_titles: tuple[str, ...] = ()
    year: int | None = None
    season: int | None = None
    episode: int | None = None
    # Episodes per season of the show: a pack's size is divided by the episodes it holds.
    episode_counts: Mapping[int, int] = field(default_factory=dict)
    # Air date -> (season, episode), so that dated releases ("Show.2024.01.05") can match.
    air_dates: Mapping[date, tuple[int, int]] = field(default_factory=dict)
    # A season search where no episode of the season is in the library: packs come first.
    whole_season: bool = False
    # Loaded only when a result is numbered from the show's first episode (anime).
    absolute_numbering: AbsoluteNumbering = field(default_factory=AbsoluteNumbering)
    # The quality of the file already present; None while the library does not record it.
    existing_quality: str | None = None
    # Automatic searches for a whole season: the seasons of which every episode is out and
    # missing. A pack spanning seasons is taken only when it holds nothing else; None (a user's
    # search) accepts it, the user decides.
    whole_seasons_wanted: frozenset[int] | None = None


@dataclass(frozen=True)
class Candidate:
    """A result as the rules see it."""

    result: IndexerResult
    reading: ReleaseReading | None
    quality: Quality
    seasons: tuple[int, ...]
    episodes: tuple[int, ...]
    # "Complete Series": every season, without numbers in the name.
    complete_series: bool
    # Absolute episode numbers read instead of seasons and episodes, and what they stand for
    # (empty when a number is not among the show's episodes).
    absolute: tuple[int, ...]
    mapped: tuple[tuple[int, int], ...]
    # The title as space-separated lower-case words, padded, for whole-word matching.
    words: str

    @property
    def is_pack(self) -> bool:
        return bool(self.seasons or self.complete_series) and not self.episodes


Rule = Callable[[Candidate, Wanted, ProfileRead], str | None]


@dataclass(frozen=True)
class Decision:
    result: IndexerResult
    quality: Quality
    accepted: bool
    reasons: tuple[str, ...]
    score: int
    score_details: tuple[str, ...]
    sort_key: tuple[int, ...]


def quality_allowed(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    if c.quality.id not in p.qualities:
        return f"{c.quality.label} is not allowed by profile {p.name}"
    return None


def size_within_limits(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    size = c.result.size
    if not size:
        return None
    if w.kind == "movie":
        low, high, per, unit = p.min_movie_size_mb, p.max_movie_size_mb, float(size), ""
    else:
        count = episodes_in(c, w)
        if not count:
            return None
        low, high = p.min_episode_size_mb, p.max_episode_size_mb
        per, unit = size / count, " per episode"
    if high is not None and per > high * MB:
        return f"{_size(per)}{unit} is more than the maximum {_size(high * MB)} of profile {p.name}"
    if low is not None and per < low * MB:
        return f"{_size(per)}{unit} is less than the minimum {_size(low * MB)} of profile {p.name}"
    return None


def enough_seeders(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    seeders = c.result.seeders
    if c.result.protocol != "torrent" or seeders is None or seeders >= p.min_seeders:
        return None
    noun = "seeder" if seeders == 1 else "seeders"
    return f"{seeders} {noun}, profile {p.name} needs at least {p.min_seeders}"


def has_required_word(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    if not p.required_words or any(contains(c.words, word) for word in p.required_words):
        return None
    return f"contains none of the required words {', '.join(p.required_words)}"


def no_ignored_word(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    found = [word for word in p.ignored_words if contains(c.words, word)]
    if not found:
        return None
    return f"contains ignored word{'s' if len(found) > 1 else ''} {', '.join(found)}"


def numbering_matches(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    reading = c.reading
    if reading is None:
        return None  # title_matches says the name could not be read
    if w.kind == "movie":
        if reading.seasons or reading.episodes or reading.absolute_episodes:
            return "is a TV release, not a movie"
        return None
    if c.complete_series or c.absolute:
        return None  # absolute numbers: absolute_episodes_known and absolute_episodes_match
    if not c.seasons:
        if reading.air_date:
            return f"no episode of {w.title} aired on {reading.air_date.isoformat()}"
        return "the title names no season or episode"
    if w.season not in c.seasons:
        if len(c.seasons) == 1:
            return f"season {c.seasons[0]} does not match (season {w.season} wanted)"
        return f"seasons {_numbers(c.seasons)} do not match (season {w.season} wanted)"
    if w.episode is not None and c.episodes and w.episode not in c.episodes:
        if len(c.episodes) == 1:
            return f"episode {c.episodes[0]} does not match (episode {w.episode} wanted)"
        return f"episodes {_numbers(c.episodes)} do not match (episode {w.episode} wanted)"
    return None


def absolute_episodes_known(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    if w.kind == "movie" or not c.absolute or c.mapped:
        return None
    known = len(w.absolute_numbering)
    if not known:
        return f"absolute episode numbers cannot be matched: no episodes of {w.title} are known"
    if min(c.absolute) < 1:
        return f"there is no absolute episode {min(c.absolute)}"
    return f"absolute episode {max(c.absolute)} is beyond the {known} episodes known for {w.title}"


def absolute_episodes_match(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    if w.kind == "movie" or not c.mapped:
        return None
    if w.season not in c.seasons:
        return f"{_absolute_reading(c)} (season {w.season} wanted)"
    if w.episode is not None and (w.season, w.episode) not in c.mapped:
        return f"{_absolute_reading(c)} (episode {w.episode} of season {w.season} wanted)"
    return None


def pack_seasons_wanted(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    wanted = w.whole_seasons_wanted
    if w.kind == "movie" or wanted is None or not c.is_pack:
        return None
    # "Complete Series" holds every regular season of the show.
    seasons = c.seasons or tuple(sorted(s for s in w.episode_counts if s != 0))
    if len(seasons) < 2:
        return None
    unwanted = [season for season in seasons if season not in wanted]
    if not unwanted:
        return None
    noun = "season" if len(unwanted) == 1 else "seasons"
    return (
        f"{noun} {_numbers(tuple(unwanted))} of the pack {'is' if len(unwanted) == 1 else 'are'} "
        "not wholly wanted (episodes present, downloading or not aired yet)"
    )


def title_matches(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    reading = c.reading
    if reading is None:
        return "the release name could not be read"
    names = [name for name in (reading.title, *reading.alternative_titles) if name]
    if any(titles_match(name, w.title, w.alternate_titles) for name in names):
        return None
    read_as = f'read as "{reading.title}"' if reading.title else "no title in the name"
    return f"title does not match {w.title} ({read_as})"


def year_matches(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    year = c.reading.year if c.reading else None
    if w.kind != "movie" or year is None or w.year is None:
        return None
    if abs(year - w.year) > YEAR_TOLERANCE:
        return f"year {year} does not match {w.year}"
    return None


def not_a_sample(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    return "is a sample" if c.reading and c.reading.is_sample else None


def upgrade_wanted(c: Candidate, w: Wanted, p: ProfileRead) -> str | None:
    have = w.existing_quality
    if have is None or have not in p.qualities:
        return None
    rank = p.qualities.index
    if p.cutoff is not None and rank(have) <= rank(p.cutoff):
        return f"the {label(have)} file present meets the cutoff {label(p.cutoff)} already"
    if c.quality.id in p.qualities and rank(c.quality.id) >= rank(have):
        return f"{c.quality.label} is no upgrade over the {label(have)} file present"
    return None


RULES: tuple[Rule, ...] = (
    quality_allowed,
    size_within_limits,
    enough_seeders,
    has_required_word,
    no_ignored_word,
    numbering_matches,
    absolute_episodes_known,
    absolute_episodes_match,
    pack_seasons_wanted,
    title_matches,
    year_matches,
    not_a_sample,
    upgrade_wanted,
)


class DecisionEngine:
    """Applies a profile's rules and a library's scoring rules to search results."""

    def __init__(
        self,
        profile: ProfileRead,
        scoring_rules: Sequence[ScoringRuleRead] = (),
        rules: Sequence[Rule] = RULES,
    ) -> None:
        self.profile = profile
        self.scoring_rules = scoring_rules
        self.rules = rules

    def decide(self, results: Sequence[IndexerResult], wanted: Wanted) -> list[Decision]:
        """Every result judged, in the order described at the top of this module."""
        return sorted((self.evaluate(r, wanted) for r in results), key=lambda d: d.sort_key)

    def evaluate(self, result: IndexerResult, wanted: Wanted) -> Decision:
        """One result: all the reasons it is rejected (none: accepted) and its score."""
        candidate = candidate_for(result, wanted)
        reasons = tuple(
            reason
            for rule in self.rules
            if (reason := rule(candidate, wanted, self.profile)) is not None
        )
        parts = self._score(candidate)
        score = sum(value for value, _ in parts)
        qualities = self.profile.qualities
        quality_rank = (
            qualities.index(candidate.quality.id)
            if candidate.quality.id in qualities
            else len(qualities)
        )
        return Decision(
            result=result,
            quality=candidate.quality,
            accepted=not reasons,
            reasons=reasons,
            score=score,
            score_details=tuple(f"{value:+d} {what}" for value, what in parts),
            sort_key=(
                1 if reasons else 0,
                coverage(candidate, wanted),
                quality_rank,
                -score,
                -(result.seeders or 0),
            ),
        )

    def _score(self, c: Candidate) -> list[tuple[int, str]]:
        parts: list[tuple[int, str]] = []
        if c.reading and (c.reading.proper or c.reading.repack):
            parts.append((PROPER_BONUS, "proper" if c.reading.proper else "repack"))
        for preferred in self.profile.preferred_words:
            if contains(c.words, preferred.word):
                parts.append((preferred.score, f"preferred word {preferred.word}"))
        flags = {flag.casefold() for flag in c.result.flags}
        for rule in self.scoring_rules:
            if rule.kind == "title":
                hit = any(contains(c.words, keyword) for keyword in rule.keywords)
            else:
                hit = any(keyword.casefold() in flags for keyword in rule.keywords)
            # negate: the modifier applies when none of the keywords is there.
            if hit != rule.negate:
                parts.append((rule.score_modifier, f"rule {rule.name}"))
        return parts


def candidate_for(result: IndexerResult, wanted: Wanted) -> Candidate:
    reading = result.parsed
    if reading is None:
        return Candidate(result, None, UNKNOWN, (), (), False, (), (), words(result.title))
    seasons, episodes = tuple(reading.seasons), tuple(reading.episodes)
    absolute: tuple[int, ...] = ()
    mapped: tuple[tuple[int, int], ...] = ()
    if reads_absolute(reading):
        absolute = tuple(sorted(set(reading.absolute_episodes)))
        mapped = wanted.absolute_numbering.lookup(absolute) or ()
        seasons, episodes = seasons_and_episodes(mapped, wanted.absolute_numbering)
    elif not seasons and reading.air_date is not None and reading.air_date in wanted.air_dates:
        season, episode = wanted.air_dates[reading.air_date]
        seasons, episodes = (season,), (episode,)
    complete_series = reading.is_multi_season and not seasons and not episodes and not absolute
    return Candidate(
        result=result,
        reading=reading,
        quality=quality_of(reading.source, reading.resolution),
        seasons=seasons,
        episodes=episodes,
        complete_series=complete_series,
        absolute=absolute,
        mapped=mapped,
        words=words(result.title),
    )


def reads_absolute(reading: ReleaseReading | None) -> bool:
    """Whether a release is numbered from the show's first episode only (anime)."""
    return bool(
        reading and reading.absolute_episodes and not reading.seasons and not reading.episodes
    )


def seasons_and_episodes(
    mapped: Sequence[tuple[int, int]], numbering: AbsoluteNumbering
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Seasons and episodes as a release named with them would give them.

    Episodes are left empty for a pack: a batch holding all of one season, or spanning seasons
    (a multi-season pack; `mapped` still says which episodes it holds).
    """
    seasons = tuple(sorted({season for season, _ in mapped}))
    if len(seasons) != 1:
        return seasons, ()
    if len(mapped) == numbering.season_size(seasons[0]) and len(mapped) > 1:
        return seasons, ()
    return seasons, tuple(episode for _, episode in mapped)


def coverage(c: Candidate, w: Wanted) -> int:
    """0 for the best fit to what is wanted; see the module docstring."""
    if w.kind == "movie":
        return 0
    if w.episode is not None:
        if c.episodes == (w.episode,):
            return 0
        if c.episodes:
            return 1
        return 2 if len(c.seasons) == 1 else 3
    if not w.whole_season:
        return 0
    if c.is_pack:
        return 0 if len(c.seasons) == 1 else 1
    return 2 if len(c.episodes) > 1 else 3


def episodes_in(c: Candidate, w: Wanted) -> int | None:
    """How many episodes a release holds, counting a pack's seasons in the library."""
    if c.mapped:
        return len(c.mapped)
    if c.episodes:
        return len(c.episodes)
    seasons = [s for s in w.episode_counts if s != 0] if c.complete_series else c.seasons
    return sum(w.episode_counts.get(season, 0) for season in seasons) or None


def words(text: str) -> str:
    return f" {_NOT_WORD.sub(' ', text.casefold()).strip()} "


def contains(title_words: str, word: str) -> bool:
    """Whether the words of a title contain this word or phrase ("web dl" matches WEB-DL)."""
    wanted = words(word)
    return wanted != "  " and wanted in title_words


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(str(number) for number in numbers)


def _absolute_reading(c: Candidate) -> str:
    """What the absolute numbers of a release stand for, e.g. "absolute episode 13 is ..."."""
    numbers = c.absolute
    seasons = sorted({season for season, _ in c.mapped})
    if len(numbers) == 1:
        season, episode = c.mapped[0]
        return f"absolute episode {numbers[0]} is season {season} episode {episode}"
    if len(seasons) == 1:
        episodes = [episode for _, episode in c.mapped]
        return (
            f"absolute episodes {_span(numbers)} are season {seasons[0]} episodes {_span(episodes)}"
        )
    return f"absolute episodes {_span(numbers)} are in seasons {_numbers(seasons)}"


def _span(numbers: Sequence[int]) -> str:
    """1-12 for a run of numbers, 1, 3, 5 otherwise."""
    if len(numbers) > 2 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}-{numbers[-1]}"
    return _numbers(numbers)


def _size(size: float) -> str:
    return f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.0f} MB"
