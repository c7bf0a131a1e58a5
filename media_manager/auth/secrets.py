"""The secret that signs session tokens: configured, or generated once and kept on disk."""

import logging
import os
import secrets
from pathlib import Path

from media_manager.config import ConfigError, Settings
from media_manager.core.filesystem import create_private_directory

log = logging.getLogger(__name__)

TOKEN_SECRET_FILE = "token_secret"  # noqa: S105 - a file name
MIN_SECRET_LENGTH = 32
# Values copied from examples and tutorials; a deployment using one is not secret at all.
_PLACEHOLDERS = {
    "changeme",
    "changethis",
    "changeit",
    "secret",
    "secretkey",
    "yoursecret",
    "yoursecretkey",
    "supersecret",
    "replaceme",
    "password",
    "mediamanager",
    "insertsecrethere",
}


def resolve_token_secret(settings: Settings) -> str:
    configured = settings.auth.token_secret
    if configured is not None:
        value = configured.get_secret_value()
        normalized = "".join(ch for ch in value.lower() if ch.isalnum())
        if normalized in _PLACEHOLDERS or "changeme" in normalized:
            raise ConfigError(
                "auth.token_secret (env MEDIAMANAGER_AUTH__TOKEN_SECRET) is a placeholder value; "
                "set a long random string, or remove it to have one generated"
            )
        if len(value) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"auth.token_secret is shorter than {MIN_SECRET_LENGTH} characters; "
                "use a long random string, e.g. the output of `openssl rand -hex 32`"
            )
        return value
    return _read_or_create(settings.data_dir / TOKEN_SECRET_FILE)


def _read_or_create(path: Path) -> str:
    try:
        value = path.read_text().strip()
    except FileNotFoundError:
        value = ""
    if len(value) >= MIN_SECRET_LENGTH:
        return value
    value = secrets.token_urlsafe(48)
    create_private_directory(path.parent)
    # Written under a temporary name and renamed, so a crash never leaves a half-written secret.
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    os.replace(tmp, path)
    log.info("Generated a new token secret in %s; sessions now survive restarts", path)
    return value
