"""SQLite's memory statistics, switched off before the sqlite3 module starts SQLite.

SQLite counts every allocation it makes under one process-wide mutex unless it is configured
otherwise before it starts (SQLITE_CONFIG_MEMSTATUS; SQLite's own list of recommended
compile-time options turns it off). Python's sqlite3 module does not expose sqlite3_config()
and starts SQLite when it is imported, so this runs first, from media_manager/__init__.py,
through ctypes. Measured on the library at 1M episodes, the list and search statements took
about 30 % less CPU, and two connections on two threads got in each other's way less.

Nothing in the app reads those statistics (sqlite3_memory_used() and the heap limits are what
stop working). It only applies where the sqlite3 module uses the system's shared libsqlite3
(Debian's and the Docker image's Python); a Python that links SQLite into the module itself
keeps its default.
"""

import ctypes
import sys

SQLITE_CONFIG_MEMSTATUS = 9
SQLITE_OK = 0
SHARED_LIBRARY = "libsqlite3.so.0"


def disable_memory_statistics() -> bool:
    """Turn SQLite's allocation statistics off; whether that took effect."""
    if not sys.platform.startswith("linux") or "_sqlite3" in sys.modules:
        return False  # once imported, SQLite has started and the setting is refused
    try:
        library = ctypes.CDLL(SHARED_LIBRARY)
    except OSError:
        return False
    configure = library.sqlite3_config
    configure.restype = ctypes.c_int
    return configure(SQLITE_CONFIG_MEMSTATUS, ctypes.c_int(0)) == SQLITE_OK
