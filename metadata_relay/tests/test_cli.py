import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from metadata_relay.cli import main


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_console_script_serves_health():
    script = Path(sys.executable).with_name("metadata-relay")
    assert script.exists(), "run `uv sync` in metadata_relay/ to install the console script"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TMDB_", "TVDB_"))}
    env["TMDB_API_KEY"] = "some-key"
    command = [str(script), "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    ) as process:
        try:
            response = wait_for_health(process, f"http://127.0.0.1:{port}/health")
            assert response.status_code == 200
            assert response.json()["providers"] == {"tmdb": True, "tvdb": False}
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=10)


def wait_for_health(process: subprocess.Popen[bytes], url: str) -> httpx.Response:
    deadline = time.monotonic() + 60
    while True:
        try:
            return httpx.get(url, timeout=1)
        except httpx.TransportError:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                raise AssertionError(f"metadata-relay exited early:\n{output}") from None
            assert time.monotonic() < deadline, "metadata-relay did not start in 60 s"
            time.sleep(0.1)


def test_invalid_setting_exits_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("RELAY_CACHE_MAX_ENTRIES", "lots")

    with pytest.raises(SystemExit) as exited:
        main(["--port", "1"])

    assert exited.value.code == 2
    assert "relay_cache_max_entries" in capsys.readouterr().err
