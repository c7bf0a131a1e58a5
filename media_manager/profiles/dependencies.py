import uuid
from typing import Annotated

from fastapi import Depends

from media_manager.auth.dependencies import CurrentUser
from media_manager.config import SettingsDep
from media_manager.core.dependencies import SessionDep
from media_manager.profiles.models import QualityProfile, RuleSet, ScoringRule
from media_manager.profiles.service import ProfileService, RuleService


async def get_profile_service(session: SessionDep, settings: SettingsDep) -> ProfileService:
    return ProfileService(session, settings)


async def get_rule_service(session: SessionDep, settings: SettingsDep) -> RuleService:
    return RuleService(session, settings)


ProfileServiceDep = Annotated[ProfileService, Depends(get_profile_service)]
RuleServiceDep = Annotated[RuleService, Depends(get_rule_service)]


# Each loader depends on the user so that an anonymous caller learns nothing about which ids exist.
async def get_profile(
    profile_id: uuid.UUID, _user: CurrentUser, service: ProfileServiceDep
) -> QualityProfile:
    return await service.get(profile_id)


async def get_scoring_rule(
    rule_id: uuid.UUID, _user: CurrentUser, service: RuleServiceDep
) -> ScoringRule:
    return await service.get_rule(rule_id)


async def get_rule_set(
    rule_set_id: uuid.UUID, _user: CurrentUser, service: RuleServiceDep
) -> RuleSet:
    return await service.get_set(rule_set_id)


ProfileDep = Annotated[QualityProfile, Depends(get_profile)]
ScoringRuleDep = Annotated[ScoringRule, Depends(get_scoring_rule)]
RuleSetDep = Annotated[RuleSet, Depends(get_rule_set)]
