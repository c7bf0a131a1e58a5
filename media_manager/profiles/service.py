"""Editing quality profiles and scoring rules, and finding the ones a show or movie uses."""

import logging
import uuid
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.core.schemas import Page, PageParams
from media_manager.library.service import check_library
from media_manager.profiles.exceptions import (
    DefaultProfileMissing,
    InvalidProfile,
    ProfileAlreadyExists,
    ProfileInUse,
    ProfileNotFound,
    RuleAlreadyExists,
    RuleInUse,
    RuleSetNotFound,
    ScoringRuleNotFound,
    UnknownProfile,
    UnknownScoringRule,
)
from media_manager.profiles.models import QualityProfile, RuleSet, ScoringRule
from media_manager.profiles.qualities import QUALITIES, label
from media_manager.profiles.repository import ProfileRepository, RuleRepository
from media_manager.profiles.schemas import (
    ALL_LIBRARIES,
    ProfileCreate,
    ProfileRead,
    ProfileUpdate,
    QualityRead,
    RuleSetCreate,
    RuleSetRead,
    RuleSetUpdate,
    ScoringRuleCreate,
    ScoringRuleRead,
    ScoringRuleUpdate,
)

log = logging.getLogger(__name__)

MediaKind = Literal["tv", "movies"]
# Shows and movies added without choosing a profile name this one: the configured default.
DEFAULT_PROFILE = "default"


def profile_problems(values: dict[str, Any]) -> list[str]:
    """What makes a profile's values contradict each other, in plain words."""
    problems = []
    cutoff = values.get("cutoff")
    if cutoff is not None and cutoff not in values["qualities"]:
        problems.append(f"the cutoff {label(cutoff)} is not one of the allowed qualities")
    for what in ("episode", "movie"):
        low, high = values.get(f"min_{what}_size_mb"), values.get(f"max_{what}_size_mb")
        if low is not None and high is not None and low > high:
            problems.append(f"min_{what}_size_mb ({low}) is more than max_{what}_size_mb ({high})")
    return problems


class ProfileService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.settings = settings
        self.profiles = ProfileRepository(session)

    @staticmethod
    def qualities() -> list[QualityRead]:
        """Every quality a profile can allow, worst to best."""
        return [QualityRead.model_validate(quality) for quality in QUALITIES]

    async def list_profiles(self, page: PageParams) -> Page[ProfileRead]:
        """One page of profiles, by name."""
        rows, total = await self.profiles.page(page.offset, page.page_size)
        items = [ProfileRead.model_validate(row) for row in rows]
        return Page(items=items, total=total, page=page.page, page_size=page.page_size)

    async def get(self, profile_id: uuid.UUID) -> QualityProfile:
        profile = await self.profiles.get(profile_id)
        if profile is None:
            raise ProfileNotFound(f"There is no quality profile with id {profile_id}")
        return profile

    async def create(self, data: ProfileCreate) -> QualityProfile:
        """Store a new profile after checking its values agree with each other."""
        values = data.model_dump()
        _check(values)
        await self._check_name_free(data.name)
        profile = QualityProfile(**values)
        await self.profiles.add(profile, _taken(data.name))
        return profile

    async def update(self, profile: QualityProfile, data: ProfileUpdate) -> QualityProfile:
        """Change some fields; a rename is carried over to the shows and movies using it."""
        changes = data.model_dump(exclude_unset=True)
        if changes.get("qualities") is None:
            changes.pop("qualities", None)
        for field in ("name", "min_seeders", "required_words", "ignored_words", "preferred_words"):
            if field in changes and changes[field] is None:
                changes.pop(field)
        values = ProfileRead.model_validate(profile).model_dump() | changes
        _check(values)
        old_name = profile.name
        new_name = changes.get("name", old_name)
        if new_name != old_name:
            self._check_not_default(old_name, "renamed")
            await self._check_name_free(new_name)
        for field, value in changes.items():
            setattr(profile, field, value)
        await self.profiles.flush(_taken(new_name))
        if new_name != old_name:
            await self.profiles.rename_users(old_name, new_name)
        return profile

    async def delete(self, profile: QualityProfile) -> None:
        """Remove a profile that no show or movie uses and that is no configured default."""
        self._check_not_default(profile.name, "deleted")
        shows, movies = await self.profiles.usage(profile.name)
        if shows or movies:
            users = " and ".join(
                f"{count} {noun}{'' if count == 1 else 's'}"
                for count, noun in ((shows, "show"), (movies, "movie"))
                if count
            )
            raise ProfileInUse(
                f'The quality profile "{profile.name}" is used by {users}; '
                "give them another profile first"
            )
        await self.profiles.delete(profile)

    async def check_assignable(self, name: str) -> None:
        """Refuse a profile name for a show or movie unless it exists (or means the default)."""
        if name == DEFAULT_PROFILE or await self.profiles.by_name(name) is not None:
            return
        choices = ", ".join(f'"{n}"' for n in await self.profiles.names())
        raise UnknownProfile(
            f'There is no quality profile named "{name}"; choose one of {choices}, '
            f'or "{DEFAULT_PROFILE}" for the configured default'
        )

    async def resolve(self, name: str, kind: MediaKind) -> ProfileRead:
        """The profile a show or movie names, or the configured default when it is missing."""
        default_key = "default_tv" if kind == "tv" else "default_movies"
        default_name: str = getattr(self.settings.profiles, default_key)
        if name != DEFAULT_PROFILE:
            profile = await self.profiles.by_name(name)
            if profile is not None:
                return ProfileRead.model_validate(profile)
            log.warning(
                'Quality profile "%s" does not exist; using the default "%s" ([profiles] %s)',
                name,
                default_name,
                default_key,
            )
        profile = await self.profiles.by_name(default_name)
        if profile is None:
            raise DefaultProfileMissing(
                f'The default quality profile "{default_name}" ([profiles] {default_key} in the '
                "config) does not exist; create it or name an existing profile there"
            )
        return ProfileRead.model_validate(profile)

    def _check_not_default(self, name: str, action: str) -> None:
        for key, what in (("default_tv", "TV shows"), ("default_movies", "movies")):
            if getattr(self.settings.profiles, key) == name:
                raise ProfileInUse(
                    f'The quality profile "{name}" is the default for {what} ([profiles] {key} '
                    f"in the config) and cannot be {action}; change the config first"
                )

    async def _check_name_free(self, name: str) -> None:
        if name == DEFAULT_PROFILE:
            raise InvalidProfile(f'"{DEFAULT_PROFILE}" stands for the configured default profile')
        if await self.profiles.by_name(name) is not None:
            raise _taken(name)


class RuleService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.settings = settings
        self.rules = RuleRepository(session)

    async def list_rules(self, page: PageParams) -> Page[ScoringRuleRead]:
        """One page of scoring rules, by name."""
        rows, total = await self.rules.rule_page(page.offset, page.page_size)
        items = [ScoringRuleRead.model_validate(row) for row in rows]
        return Page(items=items, total=total, page=page.page, page_size=page.page_size)

    async def get_rule(self, rule_id: uuid.UUID) -> ScoringRule:
        rule = await self.rules.get_rule(rule_id)
        if rule is None:
            raise ScoringRuleNotFound(f"There is no scoring rule with id {rule_id}")
        return rule

    async def create_rule(self, data: ScoringRuleCreate) -> ScoringRule:
        """Store a new title keyword or indexer flag rule."""
        await self._check_rule_name_free(data.name)
        rule = ScoringRule(**data.model_dump())
        await self.rules.add(rule, _rule_taken(data.name))
        return rule

    async def update_rule(self, rule: ScoringRule, data: ScoringRuleUpdate) -> ScoringRule:
        """Change some fields of a scoring rule."""
        changes = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
        if changes.get("name", rule.name) != rule.name:
            await self._check_rule_name_free(changes["name"])
        for field, value in changes.items():
            setattr(rule, field, value)
        await self.rules.flush(_rule_taken(rule.name))
        return rule

    async def delete_rule(self, rule: ScoringRule) -> None:
        """Remove a scoring rule that no rule set uses."""
        sets = await self.rules.sets_using(rule)
        if sets:
            names = ", ".join(f'"{name}"' for name in sets)
            raise RuleInUse(
                f'The scoring rule "{rule.name}" is used by the rule set(s) {names}; '
                "take it out of them first"
            )
        await self.rules.delete(rule)

    async def list_sets(self, page: PageParams) -> Page[RuleSetRead]:
        """One page of rule sets, by name, with their rules."""
        rows, total = await self.rules.set_page(page.offset, page.page_size)
        items = [RuleSetRead.model_validate(row) for row in rows]
        return Page(items=items, total=total, page=page.page, page_size=page.page_size)

    async def get_set(self, rule_set_id: uuid.UUID) -> RuleSet:
        rule_set = await self.rules.get_set(rule_set_id)
        if rule_set is None:
            raise RuleSetNotFound(f"There is no rule set with id {rule_set_id}")
        return rule_set

    async def create_set(self, data: RuleSetCreate) -> RuleSet:
        """Store a rule set applying the named rules to the named libraries."""
        await self._check_set_name_free(data.name)
        rule_set = RuleSet(
            name=data.name,
            tv_libraries=self._libraries("tv", data.tv_libraries),
            movie_libraries=self._libraries("movies", data.movie_libraries),
            rules=await self._rules_named(data.rules),
        )
        await self.rules.add(rule_set, _rule_taken(data.name))
        return rule_set

    async def update_set(self, rule_set: RuleSet, data: RuleSetUpdate) -> RuleSet:
        """Change a rule set's name, libraries or rules (a list given replaces the old one)."""
        if data.name is not None and data.name != rule_set.name:
            await self._check_set_name_free(data.name)
            rule_set.name = data.name
        if data.tv_libraries is not None:
            rule_set.tv_libraries = self._libraries("tv", data.tv_libraries)
        if data.movie_libraries is not None:
            rule_set.movie_libraries = self._libraries("movies", data.movie_libraries)
        if data.rules is not None:
            rule_set.rules = await self._rules_named(data.rules)
        await self.rules.flush(_rule_taken(rule_set.name))
        return rule_set

    async def delete_set(self, rule_set: RuleSet) -> None:
        """Remove a rule set; its rules stay."""
        await self.rules.delete(rule_set)

    async def rules_for(self, kind: MediaKind, library: str) -> list[ScoringRuleRead]:
        """The rules of every rule set that applies to this library, each rule once."""
        found: dict[uuid.UUID, ScoringRuleRead] = {}
        for rule_set in await self.rules.all_sets():
            libraries = rule_set.tv_libraries if kind == "tv" else rule_set.movie_libraries
            if library in libraries or ALL_LIBRARIES in libraries:
                for rule in rule_set.rules:
                    found.setdefault(rule.id, ScoringRuleRead.model_validate(rule))
        return list(found.values())

    def _libraries(self, kind: MediaKind, names: list[str]) -> list[str]:
        unique = list(dict.fromkeys(names))
        for name in unique:
            if name != ALL_LIBRARIES:
                check_library(self.settings, kind, name)
        return unique

    async def _rules_named(self, names: list[str]) -> list[ScoringRule]:
        unique = list(dict.fromkeys(names))
        rules = {rule.name: rule for rule in await self.rules.rules_by_name(unique)}
        missing = [name for name in unique if name not in rules]
        if missing:
            raise UnknownScoringRule(
                f"There is no scoring rule named {', '.join(repr(n) for n in missing)}"
            )
        return [rules[name] for name in unique]

    async def _check_rule_name_free(self, name: str) -> None:
        if await self.rules.rules_by_name([name]):
            raise _rule_taken(name)

    async def _check_set_name_free(self, name: str) -> None:
        if await self.rules.set_by_name(name) is not None:
            raise _rule_taken(name)


def _check(values: dict[str, Any]) -> None:
    problems = profile_problems(values)
    if problems:
        raise InvalidProfile("; ".join(problems))


def _taken(name: str) -> ProfileAlreadyExists:
    return ProfileAlreadyExists(f'A quality profile named "{name}" exists already')


def _rule_taken(name: str) -> RuleAlreadyExists:
    return RuleAlreadyExists(f'The name "{name}" is taken already')
