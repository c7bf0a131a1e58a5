"""Settings of accounts and login."""

from pydantic import SecretStr, field_validator

from media_manager.core.config import Section
from media_manager.core.ratelimit import parse_limit


class OIDCSettings(Section):
    enabled: bool = False
    client_id: str = ""
    client_secret: SecretStr = SecretStr("")
    # The provider's discovery document, usually ending in /.well-known/openid-configuration.
    discovery_url: str = ""
    button_label: str = "Sign in with OpenID Connect"


class RateLimitSettings(Section):
    """How often an address or an account may try; beyond it the answer is 429 + Retry-After."""

    enabled: bool = True
    # Every login attempt from one client address, and failed ones against one account.
    login_per_address: str = "30/minute"
    login_failures_per_account: str = "10/minute"
    register_per_address: str = "10/hour"
    # Reset mails (forgot-password) and reset attempts.
    reset_per_address: str = "20/hour"
    reset_per_account: str = "5/hour"
    # Requests with an API key that matches no key.
    invalid_api_keys_per_address: str = "30/minute"

    @field_validator(
        "login_per_address",
        "login_failures_per_account",
        "register_per_address",
        "reset_per_address",
        "reset_per_account",
        "invalid_api_keys_per_address",
    )
    @classmethod
    def _readable(cls, value: str) -> str:
        parse_limit(value)
        return value


class AuthSettings(Section):
    # None: a random secret is generated once and kept in <data dir>/token_secret.
    token_secret: SecretStr | None = None
    token_lifetime_seconds: int = 30 * 24 * 3600
    # When false, accounts created after the first one wait for an admin's approval.
    open_registration: bool = False
    # Cookies are Secure anyway when the request came over HTTPS (directly or through a
    # trusted proxy); true makes them Secure always.
    cookie_secure: bool = False
    oidc: OIDCSettings = OIDCSettings()
    rate_limit: RateLimitSettings = RateLimitSettings()
