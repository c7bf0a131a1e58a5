"""The garbage collector is tuned once the server has started, and only when asked."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from media_manager.core.memory import THRESHOLDS

# A fresh interpreter: freezing objects in the test process would change every later test.
STARTED_APP = """
import asyncio, gc, json, sys
from pathlib import Path
from media_manager.config import Settings
from media_manager.core import migrations
from media_manager.main import create_app

data_dir = Path(sys.argv[1])
settings = Settings(
    data_dir=data_dir,
    database={"url": f"sqlite+aiosqlite:///{data_dir}/mm.db"},
    server={"tune_gc": sys.argv[2] == "on"},
    scheduler={"enabled": False},
)
defaults = gc.get_threshold()
migrations.upgrade_in_child_process(settings.database_url)

async def main():
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        print(json.dumps({"defaults": defaults, "threshold": gc.get_threshold(),
                          "frozen": gc.get_freeze_count()}))

asyncio.run(main())
"""


def started(tmp_path: Path, tune: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", STARTED_APP, str(tmp_path), tune],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("tune", ["on", "off"])
def test_collector_is_tuned_after_start_up_only_when_set(tmp_path: Path, tune: str):
    state = started(tmp_path, tune)

    if tune == "on":
        # What start-up allocated is out of the collector's sight, and collections are rarer.
        assert tuple(state["threshold"]) == THRESHOLDS
        assert state["frozen"] > 10_000
    else:
        assert state["threshold"] == state["defaults"]
        assert state["frozen"] == 0
