"""The `mediamanager` command: serve, migrate, create-admin."""

import argparse
import asyncio
import errno
import getpass
import logging
import socket
import sys

import uvicorn

from media_manager.config import ConfigError, Settings, load_settings

log = logging.getLogger(__name__)

EXIT_CONFIG_ERROR = 2
# Like argparse: the command cannot run as it was called.
EXIT_USAGE_ERROR = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mediamanager", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="apply migrations, then serve the app")
    serve.add_argument("--host", help="address to listen on (default: server.host)")
    serve.add_argument("--port", type=int, help="port to listen on (default: server.port)")

    commands.add_parser("migrate", help="bring the database schema up to date")

    admin = commands.add_parser("create-admin", help="create an active administrator account")
    admin.add_argument("--email", required=True)
    admin.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of asking for it",
    )

    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        # Checked here too so a bad secret stops the command before anything starts.
        from media_manager.auth.secrets import resolve_token_secret
        from media_manager.core.filesystem import create_private_directory

        if args.command == "serve":
            create_private_directory(settings.data_dir)
            resolve_token_secret(settings)
    except ConfigError as exc:
        print(f"mediamanager: {exc}", file=sys.stderr)
        return EXIT_CONFIG_ERROR

    from media_manager.core.logging import configure_logging

    configure_logging(settings.logging)
    if args.command == "migrate":
        return _migrate(settings)
    if args.command == "serve":
        return _serve(settings, args.host, args.port)
    return _create_admin(settings, args.email, args.password_stdin)


def _migrate(settings: Settings, *, in_child_process: bool = False) -> int:
    from media_manager.core import migrations
    from media_manager.core.filesystem import create_private_directory

    create_private_directory(settings.data_dir)
    try:
        if in_child_process:
            migrations.upgrade_in_child_process(settings.database_url)
        else:
            migrations.upgrade(settings.database_url)
    except Exception as exc:  # any failure here is fatal; say which database and why
        log.error("Migrating the database at %s failed: %s", _safe_url(settings), exc)
        return 1
    log.info("Database schema is up to date (%s)", _safe_url(settings))
    return 0


def _serve(settings: Settings, host: str | None, port: int | None) -> int:
    from media_manager.main import create_app

    host = host or settings.server.host
    port = port or settings.server.port
    # Bound here, before migrating, and handed to uvicorn: a busy port is a one-line error
    # rather than a traceback after start-up, and nothing can take the port in between.
    try:
        sock = _listening_socket(host, port)
    except OSError as exc:
        reason = (
            "is already in use"
            if exc.errno == errno.EADDRINUSE
            else f"cannot be listened on ({exc.strerror or exc})"
        )
        print(f"mediamanager: port {port} on {host} {reason}", file=sys.stderr)
        return EXIT_USAGE_ERROR
    with sock:
        status = _migrate(settings, in_child_process=True)
        if status:
            return status
        config = uvicorn.Config(
            create_app(settings), host=host, port=port, log_config=None, proxy_headers=False
        )
        _Server(config).run(sockets=[sock])
    return 0


class _Server(uvicorn.Server):
    """Says where the app answers once it does: after the app's start-up, not before."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            host, port = self.config.host, self.config.port
            shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host  # noqa: S104
            log.info("MediaManager is listening on http://%s:%s", shown, port)


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        # As uvicorn does: a port left in TIME_WAIT by a previous run may be reused.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def _create_admin(settings: Settings, email: str, password_stdin: bool) -> int:
    # An empty password keeps the current one of an existing account (a new one needs one).
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not sys.stdin.isatty():
        print(
            "mediamanager: create-admin has no terminal to ask for the password on; "
            "pass it on standard input with --password-stdin",
            file=sys.stderr,
        )
        return EXIT_USAGE_ERROR
    else:
        password = getpass.getpass("Password (empty: keep an existing account's password): ")
        if password != getpass.getpass("Repeat password: "):
            log.error("The passwords differ; nothing was changed")
            return 1
    from media_manager.auth.admin import create_admin

    status = _migrate(settings)
    if status:
        return status
    try:
        asyncio.run(create_admin(settings, email, password or None))
    except ValueError as exc:
        log.error("%s", exc)
        return 1
    return 0


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
