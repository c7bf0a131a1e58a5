"""Quality profiles, scoring rules and the rule sets that apply them to libraries."""

import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from media_manager.core.database import Base


class QualityProfile(Base):
    __tablename__ = "quality_profiles"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # Shows and movies name their profile (Show.quality_profile), so renames are cascaded there.
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # Quality ids (profiles/qualities.py), the most preferred first.
    qualities: Mapped[list[Any]] = mapped_column(JSON)
    # Once a file of this quality or a better one is present, no upgrade is wanted.
    cutoff: Mapped[str | None] = mapped_column(String(32))
    # Megabytes (1,000,000 bytes); a pack's size is divided by its number of episodes.
    min_episode_size_mb: Mapped[int | None] = mapped_column(Integer)
    max_episode_size_mb: Mapped[int | None] = mapped_column(Integer)
    min_movie_size_mb: Mapped[int | None] = mapped_column(Integer)
    max_movie_size_mb: Mapped[int | None] = mapped_column(Integer)
    min_seeders: Mapped[int] = mapped_column(Integer, default=1)
    required_words: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ignored_words: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # [{"word": "x265", "score": 10}, ...]
    preferred_words: Mapped[list[Any]] = mapped_column(JSON, default=list)


rule_set_rules = Table(
    "rule_set_rules",
    Base.metadata,
    Column("rule_set_id", Uuid, ForeignKey("rule_sets.id", ondelete="CASCADE"), primary_key=True),
    # No cascade: a rule still used by a rule set cannot be deleted (the service says which).
    Column("rule_id", Uuid, ForeignKey("scoring_rules.id"), primary_key=True, index=True),
)


class ScoringRule(Base):
    """A keyword rule on release titles or a rule on indexer flags, as in MediaManager 1."""

    __tablename__ = "scoring_rules"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # "title": keywords are words of the release title; "indexer_flag": flags such as freeleech.
    kind: Mapped[str] = mapped_column(String(16))
    keywords: Mapped[list[Any]] = mapped_column(JSON)
    score_modifier: Mapped[int] = mapped_column(Integer)
    # Apply the modifier when none of the keywords is present instead.
    negate: Mapped[bool] = mapped_column(Boolean, default=False)


class RuleSet(Base):
    __tablename__ = "rule_sets"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # Library names the set applies to; "*" is every library of that kind.
    tv_libraries: Mapped[list[Any]] = mapped_column(JSON, default=list)
    movie_libraries: Mapped[list[Any]] = mapped_column(JSON, default=list)

    rules: Mapped[list[ScoringRule]] = relationship(
        secondary=rule_set_rules, lazy="raise", order_by=ScoringRule.name
    )
