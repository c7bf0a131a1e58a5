"""Every query about quality profiles, scoring rules and rule sets."""

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from media_manager.core.repository import Repository
from media_manager.movies.models import Movie
from media_manager.profiles.models import QualityProfile, RuleSet, ScoringRule
from media_manager.tv.models import Show


class ProfileRepository(Repository[QualityProfile]):
    async def get(self, profile_id: uuid.UUID) -> QualityProfile | None:
        return await self.session.get(QualityProfile, profile_id)

    async def by_name(self, name: str) -> QualityProfile | None:
        query = select(QualityProfile).where(QualityProfile.name == name)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def names(self) -> list[str]:
        query = select(QualityProfile.name).order_by(func.lower(QualityProfile.name))
        return list((await self.session.execute(query)).scalars())

    async def page(self, offset: int, limit: int) -> tuple[Sequence[QualityProfile], int]:
        total = (await self.session.execute(select(func.count(QualityProfile.id)))).scalar_one()
        query = select(QualityProfile).order_by(func.lower(QualityProfile.name)).offset(offset)
        return (await self.session.execute(query.limit(limit))).scalars().all(), total

    async def usage(self, name: str) -> tuple[int, int]:
        """How many shows and how many movies name this profile."""
        shows = select(func.count(Show.id)).where(Show.quality_profile == name)
        movies = select(func.count(Movie.id)).where(Movie.quality_profile == name)
        return (
            (await self.session.execute(shows)).scalar_one(),
            (await self.session.execute(movies)).scalar_one(),
        )

    async def rename_users(self, old: str, new: str) -> None:
        """Shows and movies follow their profile when it is renamed."""
        await self.session.execute(
            update(Show).where(Show.quality_profile == old).values(quality_profile=new)
        )
        await self.session.execute(
            update(Movie).where(Movie.quality_profile == old).values(quality_profile=new)
        )


class RuleRepository(Repository[ScoringRule | RuleSet]):
    async def get_rule(self, rule_id: uuid.UUID) -> ScoringRule | None:
        return await self.session.get(ScoringRule, rule_id)

    async def rules_by_name(self, names: Sequence[str]) -> list[ScoringRule]:
        if not names:
            return []
        query = select(ScoringRule).where(ScoringRule.name.in_(names))
        return list((await self.session.execute(query)).scalars())

    async def rule_page(self, offset: int, limit: int) -> tuple[Sequence[ScoringRule], int]:
        total = (await self.session.execute(select(func.count(ScoringRule.id)))).scalar_one()
        query = select(ScoringRule).order_by(func.lower(ScoringRule.name)).offset(offset)
        return (await self.session.execute(query.limit(limit))).scalars().all(), total

    async def sets_using(self, rule: ScoringRule) -> list[str]:
        query = (
            select(RuleSet.name)
            .where(RuleSet.rules.any(ScoringRule.id == rule.id))
            .order_by(RuleSet.name)
        )
        return list((await self.session.execute(query)).scalars())

    async def get_set(self, rule_set_id: uuid.UUID) -> RuleSet | None:
        query = (
            select(RuleSet).where(RuleSet.id == rule_set_id).options(selectinload(RuleSet.rules))
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def set_by_name(self, name: str) -> RuleSet | None:
        query = select(RuleSet).where(RuleSet.name == name)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def set_page(self, offset: int, limit: int) -> tuple[Sequence[RuleSet], int]:
        total = (await self.session.execute(select(func.count(RuleSet.id)))).scalar_one()
        query = (
            select(RuleSet)
            .options(selectinload(RuleSet.rules))
            .order_by(func.lower(RuleSet.name))
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all(), total

    async def all_sets(self) -> Sequence[RuleSet]:
        query = select(RuleSet).options(selectinload(RuleSet.rules)).order_by(RuleSet.name)
        return (await self.session.execute(query)).scalars().all()
