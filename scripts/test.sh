#!/usr/bin/env bash
# Installs what the tests need, then runs every test suite of the project.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=$(scripts/ensure-uv.sh)
"$uv" sync --locked --quiet
(cd metadata_relay && "$uv" sync --locked --quiet)
scripts/ensure-test-packages.sh
MM_TEST_POSTGRES_URL=$(scripts/ensure-postgres.sh)
export MM_TEST_POSTGRES_URL
echo "PostgreSQL for tests: $MM_TEST_POSTGRES_URL"

status=0
"$uv" run --locked pytest -p no:cacheprovider "$@" || status=$?
(cd metadata_relay && "$uv" run --locked pytest -q -p no:cacheprovider) || status=$?
exit "$status"
