"""Accounts: registration with admin approval, cookie/JWT/API-key login, OIDC."""
