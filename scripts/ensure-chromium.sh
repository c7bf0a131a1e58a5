#!/usr/bin/env bash
# Makes sure Debian's Chromium (/usr/bin/chromium) is there for the browser tests, installing it
# with apt when running as root. Exits 1 when it is missing and cannot be installed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then
  echo "installing chromium with apt" >&2
  export DEBIAN_FRONTEND=noninteractive
  flock /tmp/apt.lock apt-get install -y -qq --no-install-recommends chromium >&2 \
    || { flock /tmp/apt.lock apt-get update -qq >&2 \
      && flock /tmp/apt.lock apt-get install -y -qq --no-install-recommends chromium >&2; }
fi
[ -x /usr/bin/chromium ] || {
  echo "chromium is missing: sudo apt-get install --no-install-recommends chromium" >&2
  exit 1
}
