"""The `mediamanager` command, on real databases.

Serving and one create-admin run as real processes, as users run them. The other cases call
the command's `main()` in this process, with its own environment, standard input and standard
error: starting Python and importing the app costs seconds per run, which is not under test.
"""

import asyncio
import io
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from media_manager.cli import main
from tests.conftest import create_postgres_database, drop_postgres_database, sqlite_url
from tests.support.http_server import free_port

COMMAND = [sys.executable, "-m", "media_manager"]


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIAMANAGER_")}
    env["MEDIAMANAGER_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


@dataclass
class Run:
    returncode: int
    stderr: str


RunCli = Callable[..., Run]


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> Iterator[RunCli]:
    """`mediamanager ARGS` through main() in this process; stdin is not a terminal."""
    root = logging.getLogger()
    kept_level, kept_handlers = root.level, list(root.handlers)
    uvicorn_loggers = [logging.getLogger(n) for n in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    kept_uvicorn = [(logger.handlers[:], logger.propagate) for logger in uvicorn_loggers]

    def run(args: list[str], data_dir: Path, stdin: str = "", **env: str) -> Run:
        for name in list(os.environ):
            if name.startswith("MEDIAMANAGER_"):
                monkeypatch.delenv(name)
        for name, value in {"MEDIAMANAGER_DATA_DIR": str(data_dir), **env}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        returncode = main(args)
        return Run(returncode, capsys.readouterr().err)

    yield run
    # main() configures logging for the process, as the command does; undo it for the suite.
    root.handlers[:] = kept_handlers
    root.setLevel(kept_level)
    for logger, (handlers, propagate) in zip(uvicorn_loggers, kept_uvicorn, strict=True):
        logger.handlers[:] = handlers
        logger.propagate = propagate


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "cli.db")
        return
    url = await create_postgres_database()
    yield url
    await drop_postgres_database(url)


def test_serve_migrates_an_empty_database_and_answers_health(tmp_path, empty_database_url):
    port = free_port()
    env = _env(tmp_path / "data", MEDIAMANAGER_DATABASE__URL=empty_database_url)
    process = subprocess.Popen(
        [*COMMAND, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).json()
                # The access log must not keep secrets sent in addresses.
                httpx.get(f"http://127.0.0.1:{port}/api/v1/health?token=leak-me-not", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]

    assert body is not None, output
    assert body["status"] == "ok"
    # Said once the app answers, not before.
    assert output.index("Application startup complete") < output.index(
        f"MediaManager is listening on http://localhost:{port}"
    )
    assert body["database"] == "ok"
    assert (tmp_path / "data" / "token_secret").exists()
    assert "/api/v1/health?token=*** HTTP/1.1" in output
    assert "leak-me-not" not in output


def test_config_error_exits_non_zero_naming_the_key(tmp_path, run_cli):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "config.toml").write_text("[server]\nprot = 80\n")

    result = run_cli(["migrate"], data_dir)

    assert result.returncode == 2
    assert "server.prot" in result.stderr
    assert "unknown setting" in result.stderr


def test_placeholder_secret_stops_serve(tmp_path, run_cli):
    result = run_cli(["serve"], tmp_path / "data", MEDIAMANAGER_AUTH__TOKEN_SECRET="changeme")

    assert result.returncode == 2
    assert "placeholder" in result.stderr


def test_create_admin_reads_password_from_stdin(tmp_path):
    # A real process with the password piped in, as a headless install runs it. Both
    # databases run in real processes in the serve test, and through main() below.
    env = _env(tmp_path / "data", MEDIAMANAGER_DATABASE__URL=sqlite_url(tmp_path / "cli.db"))
    command = [*COMMAND, "create-admin", "--email", "root@example.com", "--password-stdin"]

    created = subprocess.run(
        command, env=env, input="long enough pw\n", capture_output=True, text=True, timeout=60
    )

    assert created.returncode == 0, created.stderr
    assert "root@example.com is an active administrator" in created.stderr
    assert "Traceback" not in created.stderr


def test_create_admin_without_a_terminal_points_to_password_stdin(tmp_path, run_cli):
    result = run_cli(["create-admin", "--email", "root@example.com"], tmp_path / "data")

    assert result.returncode == 2
    assert "--password-stdin" in result.stderr
    assert not (tmp_path / "data" / "mediamanager.db").exists()  # stopped before migrating


async def _password_hash(database_url: str, email: str) -> str:
    from sqlalchemy import select

    from media_manager.auth.models import User
    from media_manager.core.database import create_engine

    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            query = select(User.hashed_password).where(User.email == email)
            return (await connection.execute(query)).scalar_one()
    finally:
        await engine.dispose()


def test_promoting_an_existing_account_sets_the_password_only_when_given(
    tmp_path, empty_database_url, run_cli
):
    from fastapi_users.password import PasswordHelper

    def run(stdin: str, email: str = "root@example.com") -> Run:
        return run_cli(
            ["create-admin", "--email", email, "--password-stdin"],
            tmp_path / "data",
            stdin=stdin,
            MEDIAMANAGER_DATABASE__URL=empty_database_url,
        )

    def password_hash() -> str:
        return asyncio.run(_password_hash(empty_database_url, "root@example.com"))

    created = run("first password\n")
    changed = run("second password\n")
    after_change = password_hash()
    kept = run("\n")
    after_keep = password_hash()
    too_short = run("short\n")
    new_too_short = run("short\n", email="other@example.com")

    assert created.returncode == 0, created.stderr
    assert "root@example.com is an active administrator (created it)" in created.stderr
    assert changed.returncode == 0, changed.stderr
    assert "set the new password" in changed.stderr
    helper = PasswordHelper()
    assert helper.verify_and_update("second password", after_change)[0]
    assert kept.returncode == 0, kept.stderr
    assert "its password is unchanged" in kept.stderr
    assert after_keep == after_change
    assert too_short.returncode == 1
    assert "at least 8" in too_short.stderr
    assert password_hash() == after_change
    assert new_too_short.returncode == 1
    assert "at least 8" in new_too_short.stderr


def test_new_account_needs_a_password(tmp_path, empty_database_url, run_cli):
    result = run_cli(
        ["create-admin", "--email", "new@example.com", "--password-stdin"],
        tmp_path / "data",
        stdin="\n",
        MEDIAMANAGER_DATABASE__URL=empty_database_url,
    )

    assert result.returncode == 1
    assert "new@example.com is a new account: it needs a password" in result.stderr


def test_serve_on_a_busy_port_exits_2_naming_it(tmp_path, run_cli):
    with socket.socket() as occupant:
        occupant.bind(("127.0.0.1", 0))
        occupant.listen()
        port = occupant.getsockname()[1]

        result = run_cli(["serve", "--host", "127.0.0.1", "--port", str(port)], tmp_path / "data")

    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "listening" not in result.stderr
