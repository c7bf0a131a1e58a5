# MediaManager: the web app built with Node, served by the Python backend.
#   docker build -t mediamanager .
#   docker build --build-arg UID=1001 --build-arg GID=1001 --build-arg UNRAR=false .

# --- 1. the web app (web/build), built once; only its output reaches the final image ---
FROM node:20.19-bookworm-slim AS web
WORKDIR /web
# The lock file first: the npm ci layer is reused until package-lock.json changes.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN npm run build

# --- 2. the backend ---
FROM python:3.11.11-slim-bookworm

# The account the app runs as. Match it to the owner of your media folders, or override at run
# time with `user: "UID:GID"` (docker-compose.yml); the entrypoint checks the folders it needs.
ARG UID=1000
ARG GID=1000
# RAR archives in downloads are extracted with `unrar`, which Debian ships in non-free.
# UNRAR=false installs `unar` (Debian main) instead: it opens most RAR files, not solid RAR5.
ARG UNRAR=true
ARG UV_VERSION=0.13.9

RUN set -eux; \
    if [ "$UNRAR" = true ]; then \
        sed -i 's/^Components: main$/Components: main non-free/' /etc/apt/sources.list.d/debian.sources; \
        archiver=unrar; \
    else \
        archiver=unar; \
    fi; \
    apt-get update; \
    apt-get install -y --no-install-recommends "$archiver" postgresql-client; \
    rm -rf /var/lib/apt/lists/*; \
    pip install --no-cache-dir "uv==${UV_VERSION}"; \
    groupadd --gid "$GID" mediamanager; \
    useradd --uid "$UID" --gid "$GID" --no-create-home --home-dir /app --shell /usr/sbin/nologin mediamanager

WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/app/.venv/bin:$PATH

# Lock files before the code: the dependency layer is reused until a lock file changes.
COPY pyproject.toml uv.lock ./
COPY metadata_relay/pyproject.toml metadata_relay/uv.lock metadata_relay/README.md metadata_relay/
RUN uv sync --locked --no-dev --no-install-project --no-install-package mediamanager-metadata-relay

COPY README.md alembic.ini ./
COPY alembic/ alembic/
COPY metadata_relay/metadata_relay/ metadata_relay/metadata_relay/
COPY media_manager/ media_manager/
RUN uv sync --locked --no-dev
COPY --from=web /web/build web/build
COPY docker/entrypoint.sh /usr/local/bin/mediamanager-entrypoint

# /config: database, token secret, images, backups, config.toml.
# /data: downloads and libraries on ONE filesystem, so imports can hardlink.
ENV MEDIAMANAGER_DATA_DIR=/config \
    MEDIAMANAGER_SERVER__HOST=0.0.0.0 \
    MEDIAMANAGER_SERVER__PORT=8000 \
    MEDIAMANAGER_PATHS__DOWNLOADS=/data/downloads \
    MEDIAMANAGER_PATHS__TV=/data/media/tv \
    MEDIAMANAGER_PATHS__MOVIES=/data/media/movies
RUN mkdir -p /config /data && chown mediamanager:mediamanager /config /data
VOLUME ["/config", "/data"]

USER ${UID}:${GID}
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/api/v1/health' % os.environ.get('MEDIAMANAGER_SERVER__PORT', '8000'), timeout=4)"]
ENTRYPOINT ["mediamanager-entrypoint"]
CMD ["mediamanager", "serve"]
