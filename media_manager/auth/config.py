"""Settings of accounts and login."""

from pydantic import SecretStr

from media_manager.core.config import Section


class OIDCSettings(Section):
    enabled: bool = False
    client_id: str = ""
    client_secret: SecretStr = SecretStr("")
    # The provider's discovery document, usually ending in /.well-known/openid-configuration.
    discovery_url: str = ""
    button_label: str = "Sign in with OpenID Connect"


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
