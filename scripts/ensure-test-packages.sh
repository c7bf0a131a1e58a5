#!/usr/bin/env bash
# Installs the Debian packages the tests start for real, when they are missing.
#   scripts/ensure-test-packages.sh [PACKAGE...]
# Without arguments: the torrent clients (qbittorrent-nox, transmission-daemon, transmission-cli).
# Other scripts pass their own packages (packages outside Debian main need their own sources).
# Installs only as root (or with password-less sudo); otherwise it prints the command and the
# tests that need a missing program skip (or fail under CI=true). apt runs under a shared lock.
set -euo pipefail

packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
  packages=(qbittorrent-nox transmission-daemon transmission-cli)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command=(apt-get install -y -qq --no-install-recommends "${missing[@]}")
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "missing test packages: ${missing[*]}; install them with: sudo ${command[*]}" >&2
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing test packages: ${missing[*]} (no apt-get here; install them by hand)" >&2
  exit 0
fi

echo "installing test packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" flock /tmp/apt.lock "${command[@]}" >&2; then
  "${as_root[@]}" flock /tmp/apt.lock apt-get update -qq >&2
  "${as_root[@]}" flock /tmp/apt.lock "${command[@]}" >&2
fi
