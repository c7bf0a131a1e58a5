"""The `mediamanager` command as users run it: real processes, real databases."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import create_postgres_database, drop_postgres_database, sqlite_url
from tests.support.http_server import free_port

COMMAND = [sys.executable, "-m", "media_manager"]


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIAMANAGER_")}
    env["MEDIAMANAGER_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


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


def test_config_error_exits_non_zero_naming_the_key(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "config.toml").write_text("[server]\nprot = 80\n")

    result = subprocess.run(
        [*COMMAND, "migrate"], env=_env(data_dir), capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 2
    assert "server.prot" in result.stderr
    assert "unknown setting" in result.stderr


def test_placeholder_secret_stops_serve(tmp_path):
    env = _env(tmp_path / "data", MEDIAMANAGER_AUTH__TOKEN_SECRET="changeme")

    result = subprocess.run(
        [*COMMAND, "serve"], env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 2
    assert "placeholder" in result.stderr


def test_create_admin_reads_password_from_stdin(tmp_path, empty_database_url):
    env = _env(tmp_path / "data", MEDIAMANAGER_DATABASE__URL=empty_database_url)
    command = [*COMMAND, "create-admin", "--email", "root@example.com", "--password-stdin"]

    created = subprocess.run(
        command, env=env, input="long enough pw\n", capture_output=True, text=True, timeout=60
    )
    too_short = subprocess.run(
        [*COMMAND, "create-admin", "--email", "other@example.com", "--password-stdin"],
        env=env,
        input="short\n",
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert created.returncode == 0, created.stderr
    assert "root@example.com is an active administrator" in created.stderr
    assert too_short.returncode == 1
    assert "at least 8" in too_short.stderr


def test_create_admin_without_a_terminal_points_to_password_stdin(tmp_path):
    result = subprocess.run(
        [*COMMAND, "create-admin", "--email", "root@example.com"],
        env=_env(tmp_path / "data"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "--password-stdin" in result.stderr
    assert "Traceback" not in result.stderr
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


async def test_promoting_an_existing_account_sets_the_password_only_when_given(
    tmp_path, empty_database_url
):
    from fastapi_users.password import PasswordHelper

    env = _env(tmp_path / "data", MEDIAMANAGER_DATABASE__URL=empty_database_url)
    command = [*COMMAND, "create-admin", "--email", "root@example.com", "--password-stdin"]

    def run(stdin: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            command, env=env, input=stdin, capture_output=True, text=True, timeout=60
        )

    created = run("first password\n")
    changed = run("second password\n")
    after_change = await _password_hash(empty_database_url, "root@example.com")
    kept = run("\n")
    after_keep = await _password_hash(empty_database_url, "root@example.com")
    too_short = run("short\n")

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
    assert await _password_hash(empty_database_url, "root@example.com") == after_change


def test_new_account_needs_a_password(tmp_path, empty_database_url):
    env = _env(tmp_path / "data", MEDIAMANAGER_DATABASE__URL=empty_database_url)

    result = subprocess.run(
        [*COMMAND, "create-admin", "--email", "new@example.com", "--password-stdin"],
        env=env,
        input="\n",
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "new@example.com is a new account: it needs a password" in result.stderr


def test_serve_on_a_busy_port_exits_2_naming_it(tmp_path):
    with socket.socket() as occupant:
        occupant.bind(("127.0.0.1", 0))
        occupant.listen()
        port = occupant.getsockname()[1]

        result = subprocess.run(
            [*COMMAND, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=_env(tmp_path / "data"),
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr
    assert "listening" not in result.stderr
