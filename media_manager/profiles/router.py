from fastapi import APIRouter, status

from media_manager.auth.dependencies import AdminUser, CurrentUser
from media_manager.core.dependencies import PageParamsDep
from media_manager.core.schemas import SIGNED_IN_ERRORS, Page, error_responses
from media_manager.profiles.dependencies import (
    ProfileDep,
    ProfileServiceDep,
    RuleServiceDep,
    RuleSetDep,
    ScoringRuleDep,
)
from media_manager.profiles.schemas import (
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

router = APIRouter(tags=["profiles"], responses=SIGNED_IN_ERRORS)


@router.get("/profiles/qualities")
async def list_qualities(_user: CurrentUser, service: ProfileServiceDep) -> list[QualityRead]:
    """Every quality a profile can allow (source and resolution), worst to best."""
    return service.qualities()


@router.get("/profiles")
async def list_profiles(
    _user: CurrentUser, service: ProfileServiceDep, page: PageParamsDep
) -> Page[ProfileRead]:
    """The quality profiles, by name."""
    return await service.list_profiles(page)


@router.post("/profiles", status_code=status.HTTP_201_CREATED, responses=error_responses(409))
async def create_profile(
    _admin: AdminUser, service: ProfileServiceDep, data: ProfileCreate
) -> ProfileRead:
    """Create a quality profile (administrators only)."""
    return ProfileRead.model_validate(await service.create(data))


@router.get("/profiles/{profile_id}", responses=error_responses(404))
async def get_profile(_user: CurrentUser, profile: ProfileDep) -> ProfileRead:
    """One quality profile."""
    return ProfileRead.model_validate(profile)


@router.patch("/profiles/{profile_id}", responses=error_responses(404, 409))
async def update_profile(
    _admin: AdminUser, profile: ProfileDep, service: ProfileServiceDep, data: ProfileUpdate
) -> ProfileRead:
    """Change a quality profile; a new name is given to the shows and movies using it."""
    return ProfileRead.model_validate(await service.update(profile, data))


@router.delete(
    "/profiles/{profile_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(404, 409),
)
async def delete_profile(
    _admin: AdminUser, profile: ProfileDep, service: ProfileServiceDep
) -> None:
    """Delete a quality profile that no show or movie uses and that is no configured default."""
    await service.delete(profile)


@router.get("/scoring-rules")
async def list_scoring_rules(
    _user: CurrentUser, service: RuleServiceDep, page: PageParamsDep
) -> Page[ScoringRuleRead]:
    """The title keyword and indexer flag scoring rules, by name."""
    return await service.list_rules(page)


@router.post("/scoring-rules", status_code=status.HTTP_201_CREATED, responses=error_responses(409))
async def create_scoring_rule(
    _admin: AdminUser, service: RuleServiceDep, data: ScoringRuleCreate
) -> ScoringRuleRead:
    """Create a scoring rule (administrators only)."""
    return ScoringRuleRead.model_validate(await service.create_rule(data))


@router.get("/scoring-rules/{rule_id}", responses=error_responses(404))
async def get_scoring_rule(_user: CurrentUser, rule: ScoringRuleDep) -> ScoringRuleRead:
    """One scoring rule."""
    return ScoringRuleRead.model_validate(rule)


@router.patch("/scoring-rules/{rule_id}", responses=error_responses(404, 409))
async def update_scoring_rule(
    _admin: AdminUser, rule: ScoringRuleDep, service: RuleServiceDep, data: ScoringRuleUpdate
) -> ScoringRuleRead:
    """Change a scoring rule."""
    return ScoringRuleRead.model_validate(await service.update_rule(rule, data))


@router.delete(
    "/scoring-rules/{rule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(404, 409),
)
async def delete_scoring_rule(
    _admin: AdminUser, rule: ScoringRuleDep, service: RuleServiceDep
) -> None:
    """Delete a scoring rule that no rule set uses."""
    await service.delete_rule(rule)


@router.get("/rule-sets")
async def list_rule_sets(
    _user: CurrentUser, service: RuleServiceDep, page: PageParamsDep
) -> Page[RuleSetRead]:
    """The rule sets with their rules and libraries, by name."""
    return await service.list_sets(page)


@router.post("/rule-sets", status_code=status.HTTP_201_CREATED, responses=error_responses(409))
async def create_rule_set(
    _admin: AdminUser, service: RuleServiceDep, data: RuleSetCreate
) -> RuleSetRead:
    """Create a rule set applying scoring rules to libraries (administrators only)."""
    return RuleSetRead.model_validate(await service.create_set(data))


@router.get("/rule-sets/{rule_set_id}", responses=error_responses(404))
async def get_rule_set(_user: CurrentUser, rule_set: RuleSetDep) -> RuleSetRead:
    """One rule set with its rules."""
    return RuleSetRead.model_validate(rule_set)


@router.patch("/rule-sets/{rule_set_id}", responses=error_responses(404, 409))
async def update_rule_set(
    _admin: AdminUser, rule_set: RuleSetDep, service: RuleServiceDep, data: RuleSetUpdate
) -> RuleSetRead:
    """Change a rule set; a list given replaces the old one."""
    return RuleSetRead.model_validate(await service.update_set(rule_set, data))


@router.delete(
    "/rule-sets/{rule_set_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(404),
)
async def delete_rule_set(_admin: AdminUser, rule_set: RuleSetDep, service: RuleServiceDep) -> None:
    """Delete a rule set; its scoring rules stay."""
    await service.delete_set(rule_set)
