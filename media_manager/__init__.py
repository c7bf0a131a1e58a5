"""MediaManager: one self-hosted app for TV shows and movies."""

import sys
from importlib.metadata import PackageNotFoundError, version

# httpx imports its command-line client whenever click, rich and pygments are installed
# (development tools bring them), about 100 modules and several megabytes the server never
# uses. A None entry makes that import fail, and httpx falls back to a stub for its CLI.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

# Before anything imports sqlite3 (see the module).
from media_manager.core.sqlite_tuning import disable_memory_statistics  # noqa: E402

disable_memory_statistics()

try:
    __version__ = version("mediamanager")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
