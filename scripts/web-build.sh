#!/usr/bin/env bash
# Installs the web app's Node packages when package-lock.json changed (npm ci) and builds
# web/build when its sources changed. `--deps-only` stops after the packages.
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: install Node 20 and npm (e.g. apt-get install nodejs npm)" >&2
  exit 1
fi
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.mm-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo "installing the web app's packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" >node_modules/.mm-lock-hash
fi
[ "${1:-}" = "--deps-only" ] && exit 0
# Everything the build reads; the stamp lives in node_modules so that it is never served.
source_hash=$(
  {
    find src static -type f -not -path 'static/swagger-ui/*' -print0 | sort -z | xargs -0 sha256sum
    sha256sum package-lock.json vite.config.ts tsconfig.json
  } | sha256sum | cut -d' ' -f1
)
if [ ! -f build/index.html ] || [ "$(cat node_modules/.mm-build-hash 2>/dev/null)" != "$source_hash" ]; then
  echo "building the web app (vite build)" >&2
  log=$(mktemp)
  npm run --silent build >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; exit 1; }
  rm -f "$log"
  echo "$source_hash" >node_modules/.mm-build-hash
fi
