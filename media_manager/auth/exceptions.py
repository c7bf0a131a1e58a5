from fastapi import status

from media_manager.core.errors import AppError, Conflict, Forbidden, NotAuthenticated, NotFound


class InvalidCredentials(AppError):
    status_code = status.HTTP_400_BAD_REQUEST


class NotLoggedIn(NotAuthenticated):
    pass


class InvalidApiKey(NotAuthenticated):
    pass


class AccountInactive(Forbidden):
    def __init__(
        self,
        message: str = "This account is not active: it waits for an administrator's approval "
        "or was deactivated by one",
    ) -> None:
        super().__init__(message)


class AdminRequired(Forbidden):
    pass


class UserNotFound(NotFound):
    pass


class ApiKeyNotFound(NotFound):
    pass


class FeedTokenNotFound(NotFound):
    pass


class FeedTokenConflict(Conflict):
    pass


class InvalidFeedToken(NotAuthenticated):
    pass


class EmailAlreadyUsed(Conflict):
    pass


class LastAdmin(Conflict):
    pass


class InvalidPassword(AppError):
    status_code = status.HTTP_400_BAD_REQUEST


class InvalidResetToken(AppError):
    status_code = status.HTTP_400_BAD_REQUEST


class OIDCNotConfigured(NotFound):
    pass


class OIDCLoginFailed(AppError):
    status_code = status.HTTP_400_BAD_REQUEST


class OIDCProviderUnavailable(AppError):
    status_code = status.HTTP_502_BAD_GATEWAY
