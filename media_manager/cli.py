"""The `mediamanager` command: serve, migrate, create-admin."""

import argparse
import asyncio
import getpass
import logging
import sys

from media_manager.config import ConfigError, Settings, load_settings

log = logging.getLogger(__name__)

EXIT_CONFIG_ERROR = 2


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


def _migrate(settings: Settings) -> int:
    from media_manager.core import migrations
    from media_manager.core.filesystem import create_private_directory

    create_private_directory(settings.data_dir)
    try:
        migrations.upgrade(settings.database_url)
    except Exception as exc:  # any failure here is fatal; say which database and why
        log.error("Migrating the database at %s failed: %s", _safe_url(settings), exc)
        return 1
    log.info("Database schema is up to date (%s)", _safe_url(settings))
    return 0


def _serve(settings: Settings, host: str | None, port: int | None) -> int:
    import uvicorn

    from media_manager.main import create_app

    status = _migrate(settings)
    if status:
        return status
    host = host or settings.server.host
    port = port or settings.server.port
    shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host  # noqa: S104
    log.info("MediaManager is listening on http://%s:%s", shown_host, port)
    # Forwarded headers are read by core/network.py, trusting server.trusted_proxies only;
    # uvicorn's own handling would trust 127.0.0.1 whatever the setting says.
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, proxy_headers=False)
    return 0


def _create_admin(settings: Settings, email: str, password_stdin: bool) -> int:
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat password: "):
            log.error("The passwords differ; nothing was created")
            return 1
    from media_manager.auth.admin import create_admin

    status = _migrate(settings)
    if status:
        return status
    try:
        asyncio.run(create_admin(settings, email, password))
    except ValueError as exc:
        log.error("%s", exc)
        return 1
    return 0


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
