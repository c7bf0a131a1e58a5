"""Real torrent clients for tests and benchmarks: qbittorrent-nox, transmission-daemon, a tracker.

Each client runs with a throwaway profile on free loopback ports (settings that work here are in
../shared/TESTING-NOTES.md, beside the repository). The tracker is a small HTTP /announce that
remembers peers per info hash. make_release() lays out a season pack of random data and builds
its .torrent.
"""

import base64
import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

import httpx
import torf
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from media_manager.downloads.torrentfile import encode
from tests.support.http_server import free_port

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
INSTALL_HINT = (
    "install it with: apt-get install -y --no-install-recommends "
    "qbittorrent-nox transmission-daemon transmission-cli "
    "(or run scripts/ensure-test-packages.sh as root)"
)
USERNAME = "admin"
PASSWORD = "test password 123"


class ProgramMissing(Exception):
    """The program is not installed: tests skip (or fail under CI=true)."""


def require_program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ProgramMissing(f"{name} is not installed; {INSTALL_HINT}")
    return path


def qbittorrent_password_hash(password: str) -> str:
    """The `WebUI\\Password_PBKDF2` value qBittorrent 4.2+ reads from its config file."""
    salt = secrets.token_bytes(16)
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 100_000, 64)
    return f'"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"'


def _wait_until(check, what: str, process: subprocess.Popen, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} while starting")
        if check():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not answer within {timeout} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@dataclass
class QBittorrent:
    """A running qbittorrent-nox; `api` is a logged-in httpx client for test set-up calls."""

    root: Path
    url: str
    peer_port: int
    save_path: Path
    process: subprocess.Popen
    api: httpx.Client = field(repr=False)

    def call(self, method: str, **data: str) -> httpx.Response:
        response = self.api.post(f"/api/v2/{method}", data=data)
        response.raise_for_status()
        return response

    def torrents(self, **params: str) -> list[dict]:
        return self.api.get("/api/v2/torrents/info", params=params).raise_for_status().json()

    def stop(self) -> None:
        self.api.close()
        _stop(self.process)


def start_qbittorrent(root: Path, *, password: str = PASSWORD) -> QBittorrent:
    binary = require_program("qbittorrent-nox")
    root.mkdir(parents=True, exist_ok=True)
    config_dir = root / "qBittorrent" / "config"
    config_dir.mkdir(parents=True, exist_ok=True)
    save_path = root / "downloads"
    save_path.mkdir(exist_ok=True)
    web_port, peer_port = free_port(), free_port()
    (config_dir / "qBittorrent.conf").write_text(
        f"""[LegalNotice]
Accepted=true

[BitTorrent]
Session\\Port={peer_port}
Session\\Interface=lo
Session\\InterfaceName=lo
Session\\InterfaceAddress=127.0.0.1
Session\\DefaultSavePath={save_path}
Session\\TempPathEnabled=false
Session\\DHTEnabled=false
Session\\LSDEnabled=false
Session\\PeXEnabled=false
Session\\MultiConnectionsPerIp=true
Session\\QueueingSystemEnabled=false
Session\\AnonymousModeEnabled=false
Session\\AddTorrentPaused=false

[Preferences]
WebUI\\Address=127.0.0.1
WebUI\\Port={web_port}
WebUI\\Username={USERNAME}
WebUI\\Password_PBKDF2={qbittorrent_password_hash(password)}
WebUI\\CSRFProtection=false
WebUI\\HostHeaderValidation=false
WebUI\\LocalHostAuth=true
WebUI\\MaxAuthenticationFailCount=1000
Connection\\UPnP=false
General\\Locale=en
"""
    )
    log = (root / "qbittorrent.log").open("wb")
    process = subprocess.Popen(
        [binary, f"--profile={root}"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{web_port}"
    api = httpx.Client(base_url=url, timeout=10)

    def answers() -> bool:
        try:
            api.get("/api/v2/app/version")
        except httpx.TransportError:
            return False
        return True

    try:
        _wait_until(answers, "qbittorrent-nox", process)
        login = api.post("/api/v2/auth/login", data={"username": USERNAME, "password": password})
        if login.text != "Ok.":
            raise RuntimeError(f"qbittorrent-nox refused the test password: {login.text!r}")
        # Status every 100 ms instead of 1.5 s: tests see progress and completion sooner.
        # TCP only: Transmission 3.00 takes uTP connections from loopback but sends nothing.
        prefs = {"refresh_interval": 100, "bittorrent_protocol": 1}
        api.post("/api/v2/app/setPreferences", data={"json": json.dumps(prefs)})
    except BaseException:
        api.close()
        _stop(process)
        raise
    return QBittorrent(root, url, peer_port, save_path, process, api)


@dataclass
class Transmission:
    root: Path
    url: str
    rpc_port: int
    peer_port: int
    download_dir: Path
    process: subprocess.Popen

    def stop(self) -> None:
        _stop(self.process)


def start_transmission(root: Path, *, password: str = PASSWORD) -> Transmission:
    binary = require_program("transmission-daemon")
    config_dir = root / "config"
    download_dir = root / "downloads"
    config_dir.mkdir(parents=True, exist_ok=True)
    download_dir.mkdir(exist_ok=True)
    rpc_port, peer_port = free_port(), free_port()
    (config_dir / "settings.json").write_text(
        json.dumps(
            {
                "pex-enabled": False,
                "rpc-host-whitelist-enabled": False,
                # Over uTP on loopback Transmission 3.00 connects but never sends data.
                "utp-enabled": False,
                "speed-limit-down-enabled": False,
                "speed-limit-up-enabled": False,
                "download-queue-enabled": False,
                "seed-queue-enabled": False,
                "ratio-limit-enabled": False,
                "message-level": 1,
            }
        )
    )
    log = (root / "transmission.log").open("wb")
    # -O no DHT, -Y no LPD, -M no port mapping, -t with authentication.
    command = [
        binary, "-f", "-g", str(config_dir), "-r", "127.0.0.1", "-p", str(rpc_port),
        "-a", "127.0.0.1", "-t", "-u", USERNAME, "-v", password, "-P", str(peer_port),
        "-i", "127.0.0.1", "-I", "::1", "-O", "-Y", "-M", "-w", str(download_dir),
        "--no-incomplete-dir",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{rpc_port}"

    def answers() -> bool:
        try:
            httpx.get(f"{url}/transmission/rpc", timeout=1)
        except httpx.TransportError:
            return False
        return True

    try:
        _wait_until(answers, "transmission-daemon", process)
    except BaseException:
        _stop(process)
        raise
    return Transmission(root, url, rpc_port, peer_port, download_dir, process)


class Tracker:
    """An HTTP tracker: /announce remembers (ip, port) per info hash and answers compact peers."""

    def __init__(self) -> None:
        self.peers: dict[bytes, dict[tuple[str, int], float]] = {}
        self.announces = 0
        self._lock = threading.Lock()
        self.app = Starlette(routes=[Route("/announce", self.announce)])

    async def announce(self, request: Request) -> Response:
        # info_hash is raw bytes, percent-encoded: read the query string ourselves.
        query: dict[str, bytes] = {}
        for pair in request.scope["query_string"].split(b"&"):
            key, _, value = pair.partition(b"=")
            query[key.decode()] = unquote_to_bytes(value)
        info_hash = query.get("info_hash", b"")
        if len(info_hash) != 20 or not query.get("port", b"").isdigit():
            return Response(encode({"failure reason": "bad announce"}))
        ip = query.get("ip", b"").decode() or (request.client.host if request.client else "")
        peer = (ip, int(query["port"]))
        with self._lock:
            self.announces += 1
            swarm = self.peers.setdefault(info_hash, {})
            if query.get("event") == b"stopped":
                swarm.pop(peer, None)
            else:
                swarm[peer] = time.monotonic()
            others = [p for p in swarm if p != peer]
        compact = b"".join(
            bytes(int(part) for part in host.split(".")) + port.to_bytes(2, "big")
            for host, port in others
            if host.count(".") == 3
        )
        answer = {"interval": 5, "min interval": 1, "peers": compact}
        return Response(encode(answer), media_type="text/plain")


@dataclass(frozen=True)
class Release:
    name: str
    # The folder holding the content (the season pack's top folder sits inside it).
    parent: Path
    torrent: bytes
    info_hash: str
    files: tuple[str, ...]

    @property
    def path(self) -> Path:
        return self.parent / self.name

    def magnet(self, tracker: str | None = None) -> str:
        link = f"magnet:?xt=urn:btih:{self.info_hash}&dn={quote(self.name)}"
        return link + (f"&tr={quote(tracker, safe='')}" if tracker else "")


def make_release(
    parent: Path,
    tracker: str,
    *,
    name: str = "Show.Name.S01.1080p.WEB-DL-GRP",
    episodes: int = 3,
    episode_bytes: int = 1024 * 1024,
    piece_size: int = 256 * 1024,
) -> Release:
    """A season pack of random data: NAME/Show.Name.S01E01.1080p.WEB-DL-GRP.mkv, ... + .nfo."""
    folder = parent / name
    folder.mkdir(parents=True)
    stem, _, rest = name.partition(".S01.")
    files = []
    for number in range(1, episodes + 1):
        file_name = f"{stem}.S01E{number:02d}.{rest}.mkv"
        (folder / file_name).write_bytes(os.urandom(episode_bytes))
        files.append(file_name)
    (folder / f"{name}.nfo").write_text("release notes\n")
    return release_of_folder(folder, tracker, piece_size=piece_size)


def release_of_folder(folder: Path, tracker: str, *, piece_size: int = 256 * 1024) -> Release:
    """The release of a folder laid out by the caller (subtitles, rar volumes, a movie)."""
    torrent = torf.Torrent(path=folder, trackers=[tracker], piece_size=piece_size, private=False)
    torrent.generate()
    files = tuple(
        sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    )
    return Release(folder.name, folder.parent, torrent.dump(), torrent.infohash, files)


def wait_for(check, what: str, timeout: float = 30, interval: float = 0.1):
    """Poll a plain function until it returns something truthy; returns that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)
