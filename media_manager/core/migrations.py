"""Running Alembic migrations from code (`mediamanager migrate`, `serve`, tests)."""

import logging
from pathlib import Path

from alembic.config import Config

from alembic import command

log = logging.getLogger(__name__)

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _script_location() -> Path:
    # Installed wheels carry the migrations inside the package; a source tree has them at
    # the repository root.
    for candidate in (_PACKAGE_DIR / "_migrations", _PACKAGE_DIR.parent / "alembic"):
        if (candidate / "env.py").exists():
            return candidate
    raise FileNotFoundError(f"no Alembic migrations found next to {_PACKAGE_DIR}")


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_script_location()))
    config.attributes["database_url"] = database_url
    config.attributes["skip_logging_config"] = True
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the schema to `revision`; blocking (Alembic runs its own event loop)."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)
