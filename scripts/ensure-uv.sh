#!/usr/bin/env bash
# Prints the path of a uv executable, installing uv with pip when it is missing.
set -euo pipefail
if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi
if [ -x "$HOME/.local/bin/uv" ]; then echo "$HOME/.local/bin/uv"; exit 0; fi
echo "uv is missing; installing it with pip" >&2
# Debian's system Python refuses user installs without --break-system-packages (PEP 668).
python3 -m pip install --quiet --user uv >&2 \
  || python3 -m pip install --quiet --user --break-system-packages uv >&2
if command -v uv >/dev/null 2>&1; then command -v uv; else echo "$HOME/.local/bin/uv"; fi
