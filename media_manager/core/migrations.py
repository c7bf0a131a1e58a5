"""Running Alembic migrations from code (`mediamanager migrate`, `serve`, tests)."""

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _script_location() -> Path:
    # Installed wheels carry the migrations inside the package; a source tree has them at
    # the repository root.
    for candidate in (_PACKAGE_DIR / "_migrations", _PACKAGE_DIR.parent / "alembic"):
        if (candidate / "env.py").exists():
            return candidate
    raise FileNotFoundError(f"no Alembic migrations found next to {_PACKAGE_DIR}")


def alembic_config(database_url: str) -> "Config":
    # Alembic is imported when used (migrations, restores), not by every module that may.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_script_location()))
    config.attributes["database_url"] = database_url
    config.attributes["skip_logging_config"] = True
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the schema to `revision`; blocking (Alembic runs its own event loop)."""
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def upgrade_in_child_process(database_url: str) -> None:
    """`upgrade` in a short-lived child process, for the server.

    Alembic, Mako and the Pygments plugin Mako loads stay out of the long-running server's
    memory (several megabytes it would hold for nothing after start-up). Failures are raised
    here as they were raised in the child.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pool.submit(upgrade, database_url).result()


def downgrade(database_url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), revision)
