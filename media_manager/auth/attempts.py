"""Limits on repeated login, sign-up, password-reset and API-key attempts."""

from media_manager.auth.config import RateLimitSettings
from media_manager.core.ratelimit import AttemptLimiter, parse_limit


class AuthAttempts:
    """The attempt limits of one client address; a no-op when rate limiting is off."""

    def __init__(self, limiter: AttemptLimiter, settings: RateLimitSettings, address: str) -> None:
        self.limiter = limiter
        self.settings = settings
        self.address = address

    def login(self, email: str) -> None:
        """Before checking a password: counts the address, refuses a locked account."""
        if not self.settings.enabled:
            return
        self.limiter.hit(
            parse_limit(self.settings.login_per_address),
            "login",
            self.address,
            "Too many login attempts from your address",
        )
        self.limiter.check(
            parse_limit(self.settings.login_failures_per_account),
            "login-failed",
            email.lower(),
            "Too many failed logins for this account",
        )

    def login_failed(self, email: str) -> None:
        if self.settings.enabled:
            limit = parse_limit(self.settings.login_failures_per_account)
            self.limiter.count(limit, "login-failed", email.lower())

    def register(self) -> None:
        if self.settings.enabled:
            self.limiter.hit(
                parse_limit(self.settings.register_per_address),
                "register",
                self.address,
                "Too many sign-ups from your address",
            )

    def password_reset(self, email: str | None = None) -> None:
        if not self.settings.enabled:
            return
        self.limiter.hit(
            parse_limit(self.settings.reset_per_address),
            "reset",
            self.address,
            "Too many password-reset requests from your address",
        )
        if email is not None:
            self.limiter.hit(
                parse_limit(self.settings.reset_per_account),
                "reset-account",
                email.lower(),
                "Too many password-reset requests for this account",
            )

    def api_key(self) -> None:
        """Before looking an API key up: refuses an address that sent too many wrong ones."""
        if self.settings.enabled:
            self.limiter.check(
                parse_limit(self.settings.invalid_api_keys_per_address),
                "api-key-failed",
                self.address,
                "Too many invalid API keys from your address",
            )

    def api_key_failed(self) -> None:
        if self.settings.enabled:
            limit = parse_limit(self.settings.invalid_api_keys_per_address)
            self.limiter.count(limit, "api-key-failed", self.address)
