"""Start the real SABnzbd and NZBGet on free loopback ports, pointed at the test news server.

The settings below are the ones that matter for fast, deterministic tests (checked with
sabnzbdplus 3.7.1 and nzbget 21.0 from Debian 12):

SABnzbd (sabnzbd.ini):
- [misc] host_whitelist = localhost, 127.0.0.1 — or the API answers 403 for "127.0.0.1:PORT".
- [misc] auto_browser = 0, check_new_rel = 0 — no browser, no release check over the internet.
- [misc] enable_unrar/unzip/7zip = 0, direct_unpack = 0, sfv_check = 0 — test releases are plain
  files without par2 sets; post-processing then only moves the files to complete_dir.
- [misc] fail_hopeless_jobs = 1, fast_fail = 1 — a job whose articles are missing fails as soon
  as it cannot complete, with the reason in history "fail_message".
- [misc] auto_disconnect = 0 — otherwise SABnzbd drops its news connections when the queue
  empties and takes about 5 s to reconnect for the next job.
- [misc] max_art_tries = 2 (the minimum) and a [servers] entry with connections = 2, timeout = 10.
- [categories] [[mediamanager]] dir = mediamanager — relative to complete_dir.

NZBGet (nzbget.conf):
- ControlIP=127.0.0.1, ControlPort, ControlUsername/ControlPassword (HTTP basic auth).
- ParCheck=manual, ParRename=no, RarRename=no, Unpack=no, DirectRename=no — no par2 in tests.
- HealthCheck=delete — without par2 files the critical health is 100%, so one missing article
  ends the job in history as DELETED/HEALTH (the client's own reason) right away.
- ArticleRetries=0, ArticleInterval=1 — a 430 "no such article" is final; no slow retries.
- DiskSpace=0, DupeCheck=no, NzbDirInterval=0, ArticleCache=0, DirectWrite=yes.
- Category1.Name=mediamanager with no DestDir: files land in DestDir/mediamanager/<job>
  (AppendCategoryDir=yes).
"""

import os
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.http_server import free_port

INSTALL_HINT = (
    "install them with scripts/ensure-usenet-packages.sh (as root), or: apt-get install "
    "nzbget; sabnzbdplus and unrar need Debian contrib/non-free (see TESTING-NOTES.md)"
)
CATEGORY = "mediamanager"
START_TIMEOUT_SECONDS = 30


@dataclass
class RunningClient:
    url: str
    root: Path
    complete_dir: Path
    process: subprocess.Popen
    api_key: str | None = None
    username: str | None = None
    password: str | None = None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log_tail(self) -> str:
        logs = sorted(self.root.rglob("*.log"))
        return "\n".join(path.read_text(errors="replace")[-3000:] for path in logs)


def _wait_until(url: str, process: subprocess.Popen, ok, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    last: object = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} while starting")
        try:
            response = httpx.get(url, timeout=2)
            if ok(response):
                return
            last = response.status_code
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer at {url} within {START_TIMEOUT_SECONDS} s ({last})")


def sabnzbd_program() -> str | None:
    return shutil.which("sabnzbdplus")


def nzbget_program() -> str | None:
    return shutil.which("nzbget")


def start_sabnzbd(root: Path, news_port: int) -> RunningClient:
    program = sabnzbd_program()
    assert program
    port = free_port()
    api_key = secrets.token_hex(16)
    download_dir, complete_dir = root / "incomplete", root / "complete"
    for path in (download_dir, complete_dir, complete_dir / CATEGORY):
        path.mkdir(parents=True, exist_ok=True)
    ini = root / "sabnzbd.ini"
    ini.write_text(
        f"""__version__ = 19
__encoding__ = utf-8
[misc]
host = 127.0.0.1
port = {port}
api_key = {api_key}
nzb_key = {secrets.token_hex(16)}
download_dir = {download_dir}
complete_dir = {complete_dir}
admin_dir = {root / "admin"}
log_dir = {root / "logs"}
auto_browser = 0
check_new_rel = 0
host_whitelist = localhost, 127.0.0.1
notified_new_skin = 2
enable_unrar = 0
enable_unzip = 0
enable_7zip = 0
enable_filejoin = 0
enable_tsjoin = 0
direct_unpack = 0
sfv_check = 0
fail_hopeless_jobs = 1
fast_fail = 1
auto_disconnect = 0
max_art_tries = 2
no_dupes = 0
warn_dupl_jobs = 0
enable_broadcast = 0
keep_awake = 0
tray_icon = 0
ipv6_servers = 0
[servers]
[[testnews]]
name = testnews
displayname = testnews
host = 127.0.0.1
port = {news_port}
timeout = 10
username = ""
password = ""
connections = 2
ssl = 0
enable = 1
optional = 0
retention = 0
priority = 0
[categories]
[[*]]
name = *
order = 0
pp = 3
script = None
dir = ""
priority = 0
[[{CATEGORY}]]
name = {CATEGORY}
order = 1
pp = ""
script = Default
dir = {CATEGORY}
priority = -100
"""
    )
    log = (root / "stdout.log").open("wb")
    process = subprocess.Popen(
        [program, "-f", str(ini), "-s", f"127.0.0.1:{port}", "-b", "0", "--console"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
        env={**os.environ, "HOME": str(root)},
    )
    url = f"http://127.0.0.1:{port}"
    client = RunningClient(url, root, complete_dir, process, api_key=api_key)
    try:
        _wait_until(
            f"{url}/api?mode=version&output=json",
            process,
            lambda r: r.status_code == 200 and "version" in r.text,
            "sabnzbdplus",
        )
    except RuntimeError:
        client.stop()
        raise
    return client


def start_nzbget(root: Path, news_port: int) -> RunningClient:
    program = nzbget_program()
    assert program
    port = free_port()
    password = secrets.token_hex(8)
    dest_dir = root / "dst"
    conf = root / "nzbget.conf"
    conf.write_text(
        f"""MainDir={root}
DestDir={dest_dir}
InterDir={root / "inter"}
NzbDir={root / "nzb"}
QueueDir={root / "queue"}
TempDir={root / "tmp"}
ScriptDir={root / "scripts"}
LockFile={root / "nzbget.lock"}
LogFile={root / "nzbget.log"}
WebDir=/usr/share/nzbget/webui
ConfigTemplate=
ControlIP=127.0.0.1
ControlPort={port}
ControlUsername=nzbget
ControlPassword={password}
RestrictedUsername=
AddUsername=
SecureControl=no
Server1.Active=yes
Server1.Name=testnews
Server1.Level=0
Server1.Host=127.0.0.1
Server1.Port={news_port}
Server1.Username=
Server1.Password=
Server1.JoinGroup=no
Server1.Encryption=no
Server1.Connections=2
Server1.Retention=0
Category1.Name={CATEGORY}
Category1.DestDir=
AppendCategoryDir=yes
ParCheck=manual
ParRepair=no
ParRename=no
RarRename=no
DirectRename=no
Unpack=no
HealthCheck=delete
ArticleRetries=0
ArticleInterval=1
ArticleTimeout=10
UrlRetries=0
DiskSpace=0
DupeCheck=no
NzbDirInterval=0
ArticleCache=0
DirectWrite=yes
CrcCheck=yes
KeepHistory=30
WriteLog=append
DetailTarget=log
InfoTarget=log
WarningTarget=log
ErrorTarget=log
DebugTarget=none
"""
    )
    log = (root / "stdout.log").open("wb")
    process = subprocess.Popen(
        [program, "-c", str(conf), "-s", "-o", "OutputMode=log"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    url = f"http://127.0.0.1:{port}"
    client = RunningClient(url, root, dest_dir, process, username="nzbget", password=password)
    try:
        _wait_until(
            f"http://nzbget:{password}@127.0.0.1:{port}/jsonrpc/version",
            process,
            lambda r: r.status_code == 200 and "result" in r.text,
            "nzbget",
        )
    except RuntimeError:
        client.stop()
        raise
    return client
