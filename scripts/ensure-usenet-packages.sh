#!/usr/bin/env bash
# Installs the usenet clients the tests start for real, when missing and running as root:
# nzbget (Debian main), sabnzbdplus (contrib), unrar and rar (non-free; rar builds the multi-part
# RAR sets the import tests extract). contrib/non-free come from a
# temporary apt sources folder for the same Debian archive, so the system's sources stay as they
# are. Not root or no apt: prints what is missing and exits 0 (the tests then skip, or fail
# under CI=true). All output goes to stderr.
set -euo pipefail
exec 1>&2

need=()
command -v nzbget >/dev/null 2>&1 || need+=(nzbget)
command -v sabnzbdplus >/dev/null 2>&1 || need+=(sabnzbdplus)
command -v unrar >/dev/null 2>&1 || need+=(unrar)
command -v rar >/dev/null 2>&1 || need+=(rar)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "usenet clients missing (${need[*]}); run $0 as root on Debian to install them"
  exit 0
fi

sources=/etc/apt/sources.list.d/debian.sources
uri=$(awk '/^URIs:/{print $2; exit}' "$sources" 2>/dev/null || true)
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
if [ -z "$uri" ]; then uri=http://deb.debian.org/debian; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# apt downloads as the _apt user, which must be able to enter the folder.
chmod 755 "$tmp"
mkdir -p "$tmp/parts" "$tmp/lists/partial"
cat >"$tmp/parts/extra.sources" <<SOURCES
Types: deb
URIs: $uri
Suites: $suite
Components: main contrib non-free
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$tmp/parts"
  -o "Dir::State::Lists=$tmp/lists")

echo "installing ${need[*]} with apt (temporary contrib/non-free sources from $uri $suite)"
# Another engineer's apt run may hold the dpkg lock: wait for it.
flock /tmp/apt.lock apt-get "${apt_opts[@]}" -qq update
flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" -y -qq \
  --no-install-recommends install "${need[@]}"
