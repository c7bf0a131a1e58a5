"""core/ is the bottom layer: no module under media_manager/core/ may import anything of the
app above it.

The rule, exactly: every import in media_manager/core/ — `import x`, `from x import y`, relative
imports, imports inside functions and under `if TYPE_CHECKING:` alike — may name a module of the
`media_manager` package only if that module is `media_manager.core` or below it. `from
media_manager import name` is allowed only for names defined in media_manager/__init__.py
itself (such as `__version__`), never for a subpackage or module.

Forbidden are the domain packages (tv, movies, search, indexer, auth, system, ...) and the
app-level modules: media_manager.config (the root `Settings` composes every domain's settings
section, so importing it, even for typing only, would make core depend on every domain),
media_manager.main, media_manager.models and media_manager.app_jobs. Where core needs the
settings type it is generic (`JobContext[SettingsT]`); the app level wires domains in.
"""

import ast
from pathlib import Path

import pytest

import media_manager

PACKAGE_DIR = Path(media_manager.__file__).parent
CORE_DIR = PACKAGE_DIR / "core"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[str]:
    """Every module the source imports, with `from media_manager import x` read as
    media_manager.x when x is a module or package of media_manager."""
    found: list[str] = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append(target)
            if target == "media_manager":
                found.extend(
                    f"media_manager.{alias.name}"
                    for alias in node.names
                    if _is_submodule(alias.name)
                )
    return found


def _is_submodule(name: str) -> bool:
    return (PACKAGE_DIR / name).is_dir() or (PACKAGE_DIR / f"{name}.py").exists()


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    return [
        target
        for target in imported_modules(source, module, is_package)
        if target.startswith("media_manager.")
        and not (target == "media_manager.core" or target.startswith("media_manager.core."))
    ]


CORE_MODULES = sorted(CORE_DIR.rglob("*.py"))


def test_core_modules_are_found():
    assert {"jobs", "scheduler", "dependencies", "database"} <= {p.stem for p in CORE_MODULES}


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_core_module_imports_nothing_above_core(path: Path):
    found = violations(path.read_text(), _module_name(path), path.name == "__init__.py")

    assert not found, f"{path.relative_to(PACKAGE_DIR)} imports {found}; see this test's docstring"


@pytest.mark.parametrize(
    "source",
    [
        "from media_manager.tv.service import ShowService",
        "import media_manager.config",
        "from media_manager import config",
        "from media_manager import tv",
        "from ..search import tasks",
        "from .. import models",
        "if TYPE_CHECKING:\n    from media_manager.config import Settings",
        "def f():\n    from media_manager.movies.tasks import JOBS",
    ],
)
def test_the_check_catches_imports_from_above_core(source: str):
    assert violations(source, "media_manager.core.example")


@pytest.mark.parametrize(
    "source",
    [
        "from media_manager.core.errors import AppError",
        "from . import errors",
        "from .database import Base",
        "from media_manager import __version__",
        "import httpx",
    ],
)
def test_the_check_allows_core_and_third_party_imports(source: str):
    assert not violations(source, "media_manager.core.example")
