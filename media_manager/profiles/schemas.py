import uuid
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from media_manager.core.schemas import InputSchema, Schema, Storable
from media_manager.profiles.qualities import BY_ID, QUALITY_IDS

RuleKind = Literal["title", "indexer_flag"]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), Storable
]
Word = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), Storable
]
QualityId = Annotated[str, StringConstraints(max_length=32), Storable]
# Enough for any real profile or rule; the cap keeps a request's work bounded.
MAX_ITEMS = 200
SizeMb = Annotated[int, Field(ge=0, le=10_000_000)]
# Every library of the kind, in a rule set's tv_libraries or movie_libraries.
ALL_LIBRARIES = "*"


class QualityRead(Schema):
    id: str
    label: str
    source: str | None
    resolution: int | None


class PreferredWord(Schema):
    word: Word
    score: int = Field(ge=-100_000, le=100_000)


def _known_qualities(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    for quality in value:
        if quality not in BY_ID:
            raise ValueError(f"unknown quality {quality!r}; known: {', '.join(QUALITY_IDS)}")
    twice = sorted({quality for quality in value if value.count(quality) > 1})
    if twice:
        raise ValueError(f"listed twice: {', '.join(twice)}")
    return value


def _known_cutoff(value: str | None) -> str | None:
    if value is not None and value not in BY_ID:
        raise ValueError(f"unknown quality {value!r}; known: {', '.join(QUALITY_IDS)}")
    return value


class ProfileFields(InputSchema):
    @field_validator("qualities", check_fields=False)
    @classmethod
    def _qualities(cls, value: list[str] | None) -> list[str] | None:
        return _known_qualities(value)

    @field_validator("cutoff", check_fields=False)
    @classmethod
    def _cutoff(cls, value: str | None) -> str | None:
        return _known_cutoff(value)


class ProfileCreate(ProfileFields):
    name: Name
    # Quality ids (GET /api/v1/profiles/qualities), the most preferred first.
    qualities: list[QualityId] = Field(min_length=1, max_length=MAX_ITEMS)
    cutoff: QualityId | None = None
    min_episode_size_mb: SizeMb | None = None
    max_episode_size_mb: SizeMb | None = None
    min_movie_size_mb: SizeMb | None = None
    max_movie_size_mb: SizeMb | None = None
    min_seeders: int = Field(1, ge=0, le=100_000)
    required_words: list[Word] = Field([], max_length=MAX_ITEMS)
    ignored_words: list[Word] = Field([], max_length=MAX_ITEMS)
    preferred_words: list[PreferredWord] = Field([], max_length=MAX_ITEMS)


class ProfileUpdate(ProfileFields):
    """Only the fields sent change; send null to clear a cutoff or a size limit."""

    name: Name | None = None
    qualities: list[QualityId] | None = Field(None, min_length=1, max_length=MAX_ITEMS)
    cutoff: QualityId | None = None
    min_episode_size_mb: SizeMb | None = None
    max_episode_size_mb: SizeMb | None = None
    min_movie_size_mb: SizeMb | None = None
    max_movie_size_mb: SizeMb | None = None
    min_seeders: int | None = Field(None, ge=0, le=100_000)
    required_words: list[Word] | None = Field(None, max_length=MAX_ITEMS)
    ignored_words: list[Word] | None = Field(None, max_length=MAX_ITEMS)
    preferred_words: list[PreferredWord] | None = Field(None, max_length=MAX_ITEMS)


class ProfileRead(Schema):
    id: uuid.UUID
    name: str
    qualities: list[str]
    cutoff: str | None = None
    min_episode_size_mb: int | None = None
    max_episode_size_mb: int | None = None
    min_movie_size_mb: int | None = None
    max_movie_size_mb: int | None = None
    min_seeders: int = 1
    required_words: list[str] = []
    ignored_words: list[str] = []
    preferred_words: list[PreferredWord] = []


class ScoringRuleCreate(InputSchema):
    name: Name
    kind: RuleKind
    # Title words ("x265", "web-dl") or indexer flags ("freeleech"); any one of them matches.
    keywords: list[Word] = Field(min_length=1, max_length=MAX_ITEMS)
    score_modifier: int = Field(ge=-100_000, le=100_000)
    negate: bool = False


class ScoringRuleUpdate(InputSchema):
    name: Name | None = None
    kind: RuleKind | None = None
    keywords: list[Word] | None = Field(None, min_length=1, max_length=MAX_ITEMS)
    score_modifier: int | None = Field(None, ge=-100_000, le=100_000)
    negate: bool | None = None


class ScoringRuleRead(Schema):
    id: uuid.UUID
    name: str
    kind: RuleKind
    keywords: list[str]
    score_modifier: int
    negate: bool = False


class RuleSetCreate(InputSchema):
    name: Name
    # Library names (GET /api/v1/libraries), or "*" for every library of the kind.
    tv_libraries: list[Name] = Field([], max_length=MAX_ITEMS)
    movie_libraries: list[Name] = Field([], max_length=MAX_ITEMS)
    # Scoring rule names.
    rules: list[Name] = Field([], max_length=MAX_ITEMS)


class RuleSetUpdate(InputSchema):
    name: Name | None = None
    tv_libraries: list[Name] | None = Field(None, max_length=MAX_ITEMS)
    movie_libraries: list[Name] | None = Field(None, max_length=MAX_ITEMS)
    rules: list[Name] | None = Field(None, max_length=MAX_ITEMS)


class RuleSetRead(Schema):
    id: uuid.UUID
    name: str
    tv_libraries: list[str]
    movie_libraries: list[str]
    rules: list[ScoringRuleRead]
