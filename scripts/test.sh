#!/usr/bin/env bash
# Installs what the tests need, then runs every test suite of the project.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=$(scripts/ensure-uv.sh)
# Byte-compiled once here: the suite starts many Python processes (pytest's workers, the CLI,
# the relay), and each would otherwise compile every imported module again (about 4 s apiece
# where PYTHONDONTWRITEBYTECODE is set, as on the project's machines).
"$uv" sync --locked --quiet --compile-bytecode
(cd metadata_relay && "$uv" sync --locked --quiet --compile-bytecode)
# Node packages and a current web/build: the API-types test and the browser tests use them.
scripts/web-build.sh
# Real download clients for the tests (Debian packages; installed only when missing, as root).
scripts/ensure-test-packages.sh
scripts/ensure-usenet-packages.sh || true
# docker-compose validates docker-compose.yml offline (tests/test_deployment.py).
scripts/ensure-compose.sh
MM_TEST_POSTGRES_URL=$(scripts/ensure-postgres.sh)
export MM_TEST_POSTGRES_URL
echo "PostgreSQL for tests: $MM_TEST_POSTGRES_URL"

status=0
# Two pytest workers (pytest-xdist), one per core: much of the suite waits on real programs,
# databases and subprocesses, so the workers overlap those waits. Each worker has its own
# databases, temporary folders and programs on free ports (tests/conftest.py). Work stealing
# keeps a worker on one database for long runs of tests. Arguments come after and win:
# `scripts/test.sh -n 0` runs in one process, `-n 4` with four workers.
"$uv" run --locked pytest -p no:cacheprovider -n 2 --dist worksteal "$@" ||
  status=$?

# The web app: unit tests, type and lint checks, then the browser tests against a real server.
# Skipped when arguments select some Python tests (scripts/test.sh -k name).
if [ $# -eq 0 ]; then
  echo "== web app (web/): vitest, svelte-check, eslint/prettier, Playwright =="
  (
    cd web
    npm run --silent test:unit
    npm run --silent check
    npm run --silent lint
  ) || status=$?
  if scripts/ensure-chromium.sh; then
    (cd web && npx playwright test) || status=$?
  elif [ "${CI:-}" = true ]; then
    echo "chromium is missing (CI=true: a failure, not a skip)" >&2
    status=1
  else
    echo "skipping the browser tests: chromium is missing" >&2
  fi
fi
(cd metadata_relay && "$uv" run --locked pytest -q -p no:cacheprovider) || status=$?
exit "$status"
