#!/usr/bin/env bash
# Writes the web app's API types (web/src/lib/api/schema.d.ts, or the file named as $1) from the
# backend's OpenAPI description, made by create_app() without starting a server.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-web/src/lib/api/schema.d.ts}")
uv=$(scripts/ensure-uv.sh)
scripts/web-build.sh --deps-only
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$uv" run --locked python -c '
import json, sys
from pathlib import Path
from media_manager.config import Settings
from media_manager.main import create_app
settings = Settings(data_dir=Path(sys.argv[1]), database={"url": "sqlite+aiosqlite://"})
print(json.dumps(create_app(settings).openapi(), indent=1))
' "$tmp/data" >"$tmp/openapi.json"
web/node_modules/.bin/openapi-typescript "$tmp/openapi.json" --output "$out" >/dev/null
echo "wrote $out" >&2
