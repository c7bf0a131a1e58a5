#!/usr/bin/env bash
# Installs what the app needs and serves it on SQLite with its data in ./data.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=$(scripts/ensure-uv.sh)
# --inexact: the app's packages are installed, but dev tools already in .venv stay (a plain
# --no-dev sync would remove them, and the next `uv run` or `make test` reinstall them).
"$uv" sync --locked --quiet --no-dev --inexact
# The web app the server hands out; rebuilt only when its sources changed.
scripts/web-build.sh || echo "the web app could not be built; serving the API only" >&2
export MEDIAMANAGER_DATA_DIR="${MEDIAMANAGER_DATA_DIR:-$PWD/data}"
echo "MediaManager will answer on http://localhost:${MEDIAMANAGER_SERVER__PORT:-8000} (data in $MEDIAMANAGER_DATA_DIR)"
# --no-sync: synced just above; `uv run --no-dev` would remove the dev tools again.
exec "$uv" run --no-sync mediamanager serve "$@"
