"""The web app's committed API types match what the backend describes today."""

import shutil
import subprocess
from pathlib import Path

from tests.conftest import missing

REPO = Path(__file__).resolve().parent.parent
COMMITTED = REPO / "web" / "src" / "lib" / "api" / "schema.d.ts"


def test_committed_web_api_types_match_the_backend(tmp_path: Path):
    if shutil.which("node") is None or shutil.which("npm") is None:
        missing("node and npm are needed to generate the web app's API types; install Node 20")
    fresh = tmp_path / "schema.d.ts"
    # The same script as `make api-types`, writing elsewhere.
    subprocess.run(
        [REPO / "scripts" / "api-types.sh", fresh], check=True, timeout=300, capture_output=True
    )
    assert fresh.read_text() == COMMITTED.read_text(), (
        "web/src/lib/api/schema.d.ts is stale: run `make api-types` and commit the result"
    )
