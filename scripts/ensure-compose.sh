#!/usr/bin/env bash
# Makes sure Debian's docker-compose (v1) is there: the deployment tests validate
# docker-compose.yml with `docker-compose config`, which needs no Docker engine.
# Installs it with apt as root; otherwise prints the command (the test then skips, or fails
# under CI=true).
set -euo pipefail
exec "$(dirname "$0")/ensure-test-packages.sh" docker-compose
