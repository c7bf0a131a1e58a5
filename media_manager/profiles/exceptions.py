from fastapi import status

from media_manager.core.errors import AppError, Conflict, NotFound


class ProfileNotFound(NotFound):
    pass


class ProfileAlreadyExists(Conflict):
    pass


class ProfileInUse(Conflict):
    """Shows or movies still use the profile, or it is a configured default."""


class InvalidProfile(AppError):
    """The profile's values contradict each other (cutoff not allowed, minimum above maximum)."""

    status_code = status.HTTP_422_UNPROCESSABLE_CONTENT


class UnknownProfile(AppError):
    """A show or movie was given a profile name that does not exist."""

    status_code = status.HTTP_422_UNPROCESSABLE_CONTENT


class DefaultProfileMissing(Conflict):
    """The profile named in [profiles] of the config does not exist."""


class ScoringRuleNotFound(NotFound):
    pass


class RuleSetNotFound(NotFound):
    pass


class RuleAlreadyExists(Conflict):
    """A scoring rule or rule set of that name exists already."""


class RuleInUse(Conflict):
    pass


class UnknownScoringRule(AppError):
    status_code = status.HTTP_422_UNPROCESSABLE_CONTENT
