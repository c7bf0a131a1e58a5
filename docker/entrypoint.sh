#!/bin/sh
# Checks that the folders the app writes to are writable by the account it runs as, and says
# how to fix it when they are not, instead of failing later in the middle of an import.
set -eu
uid=$(id -u)
gid=$(id -g)
for dir in "${MEDIAMANAGER_DATA_DIR:-/config}" /data; do
  mkdir -p "$dir" 2>/dev/null || true
  if [ ! -w "$dir" ]; then
    echo "mediamanager: $dir is not writable by uid $uid gid $gid." >&2
    echo "  Fix it on the host: chown -R $uid:$gid <the folder mounted at $dir>," >&2
    echo "  or run the container as the folder's owner (user: \"UID:GID\" in docker-compose.yml)." >&2
    exit 1
  fi
done
exec "$@"
