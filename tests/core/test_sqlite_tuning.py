import ctypes
import subprocess
import sys

import pytest

from media_manager.core.sqlite_tuning import SHARED_LIBRARY

PROBE = """
import ctypes, sys
{first}
import sqlite3
library = ctypes.CDLL({library!r})
library.sqlite3_memory_used.restype = ctypes.c_int64
connection = sqlite3.connect(":memory:")
connection.execute("CREATE TABLE t (x)")
connection.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(100)])
print(library.sqlite3_memory_used())
"""


def memory_counted(first: str) -> int:
    code = PROBE.format(first=first, library=SHARED_LIBRARY)
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60
    )
    return int(result.stdout.strip())


def test_importing_the_app_turns_sqlites_allocation_statistics_off() -> None:
    try:
        ctypes.CDLL(SHARED_LIBRARY)
    except OSError:
        pytest.skip(f"no {SHARED_LIBRARY} here")
    if memory_counted(first="") == 0:
        pytest.skip("this Python's sqlite3 module does not use the shared SQLite library")
    assert memory_counted(first="import media_manager") == 0
