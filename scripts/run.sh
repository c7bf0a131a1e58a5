#!/usr/bin/env bash
# Installs what the app needs and serves it on SQLite with its data in ./data.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=$(scripts/ensure-uv.sh)
"$uv" sync --locked --quiet --no-dev
export MEDIAMANAGER_DATA_DIR="${MEDIAMANAGER_DATA_DIR:-$PWD/data}"
echo "MediaManager will answer on http://localhost:${MEDIAMANAGER_SERVER__PORT:-8000} (data in $MEDIAMANAGER_DATA_DIR)"
exec "$uv" run --locked --no-dev mediamanager serve "$@"
