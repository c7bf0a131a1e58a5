#!/usr/bin/env bash
# Prints a PostgreSQL URL the test suite can use (superuser "postgres", no password).
# Order: $MM_TEST_POSTGRES_URL as given; the local server on 127.0.0.1:5432 (started if it is
# installed but down); otherwise a throwaway cluster under .pg-test/ (installing PostgreSQL
# with apt when it is missing). All diagnostics go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${MM_TEST_POSTGRES_URL:-}" ]; then echo "$MM_TEST_POSTGRES_URL"; exit 0; fi

connects() { psql "postgresql://postgres@127.0.0.1:$1/postgres" -tAc 'select 1' >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
url() { echo "postgresql+asyncpg://postgres@127.0.0.1:$1/postgres"; }

if command -v psql >/dev/null 2>&1 && connects 5432; then url 5432; exit 0; fi

if ls /etc/postgresql/*/main >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "starting the local PostgreSQL server" >&2
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.1; done
  if connects 5432; then url 5432; exit 0; fi
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing PostgreSQL with apt" >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    postgresql postgresql-client >&2
fi

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir="$PWD/.pg-test"
port=55432
if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  echo "starting a throwaway PostgreSQL cluster in $dir on port $port" >&2
  rm -rf "$dir" && mkdir -p "$dir"
  run=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; run=(runuser -u postgres --); fi
  "${run[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $port -c fsync=off -k $dir" >&2
fi
url "$port"
