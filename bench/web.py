"""The web app's budgets: JavaScript of the first page, and the TV library at 20,000 shows.

Run with `uv run python bench/web.py [--shows N] [--episodes-per-show N] [--runs N]`.

Builds web/build if its sources changed (scripts/web-build.sh), seeds a throwaway SQLite
database with N shows (default 20,000; one season of 10 episodes each, a fifth with alternate
titles) by bulk inserts, starts the real server (`mediamanager serve`, serving web/build) on a
free loopback port and drives Debian's Chromium headless through playwright-core from
bench/web_browser.mjs:

- first page: a signed-out visit to `/` (the app shell, which lands on the sign-in page); the
  JavaScript files it requested, each gzipped (level 9) from web/build and summed.
  Goal: under 200 KB.
- TV library: R cold visits (a fresh browser context each: empty cache, a signed-in cookie) to
  /tv; time from navigation start until the grid shows its first card and the search input is
  enabled, measured in the page. Then a search is typed, to check that the input works (its
  round trip includes the input's 250 ms debounce). Goal: every visit under 1 s.

Prints the load average (on two cores, above 2 means the browser waited for a CPU) and exits
non-zero when a goal is missed.
"""

import argparse
import gzip
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from library_scale import alternate_titles, load, title  # noqa: E402

from media_manager.core import migrations  # noqa: E402
from media_manager.tv.models import Episode, Season, Show  # noqa: E402

BUILD = ROOT / "web" / "build"
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
GOAL_FIRST_PAGE_KB = 200.0
GOAL_INTERACTIVE_MS = 1000.0
EMAIL = "bench@example.com"
PASSWORD = "benchmark password"  # noqa: S105
CHUNK = 20_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def show_batches(shows: int, episodes_per_show: int) -> list[tuple[Any, list[dict[str, Any]]]]:
    rng = random.Random(2026)
    now = datetime.now(UTC)
    today = now.date()
    show_rows, season_rows, episode_rows = [], [], []
    for index in range(shows):
        show_id, season_id = uuid.uuid4(), uuid.uuid4()
        first_air = date(1990, 1, 1) + timedelta(days=rng.randint(0, 35 * 365))
        show_rows.append(
            {
                "id": show_id,
                "metadata_provider": "tmdb",
                "external_id": index + 1,
                "tmdb_id": index + 1,
                "name": f"{title(rng)} {index}",
                "overview": "A show seeded by the web benchmark. " * 4,
                "year": first_air.year,
                "status": rng.choice(("ended", "continuing")),
                "network": rng.choice(("HBO", "BBC One", "AMC", "Netflix", None)),
                "genres": ["Drama"],
                "alternate_titles": alternate_titles(rng, index),
                "original_language": "en",
                "poster_url": None,
                "library": "default",
                "quality_profile": "default",
                "monitor": "all",
                "added_at": now - timedelta(minutes=index),
                "last_refreshed_at": now,
            }
        )
        season_rows.append(
            {
                "id": season_id,
                "show_id": show_id,
                "number": 1,
                "name": "Season 1",
                "overview": "",
                "air_date": first_air,
                "monitored": True,
            }
        )
        for number in range(1, episodes_per_show + 1):
            air_date = first_air + timedelta(weeks=number - 1)
            episode_rows.append(
                {
                    "id": uuid.uuid4(),
                    "season_id": season_id,
                    "number": number,
                    "title": f"Episode {number}",
                    "overview": "",
                    "air_date": air_date,
                    "monitored": True,
                    "has_file": air_date <= today and rng.random() < 0.7,
                }
            )
    return [
        (Show.__table__, show_rows),
        (Season.__table__, season_rows),
        (Episode.__table__, episode_rows),
    ]


def seed(url: str, shows: int, episodes_per_show: int) -> None:
    engine = create_sync_engine(url.replace("sqlite+aiosqlite", "sqlite"))
    try:
        with engine.begin() as connection:
            for table, rows in show_batches(shows, episodes_per_show):
                for start in range(0, len(rows), CHUNK):
                    connection.execute(insert(table), rows[start : start + CHUNK])
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()


def start_server(data_dir: Path, url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    environment = {
        **os.environ,
        "MEDIAMANAGER_DATA_DIR": str(data_dir),
        "MEDIAMANAGER_DATABASE__URL": url,
        "MEDIAMANAGER_SCHEDULER__ENABLED": "false",
        "MEDIAMANAGER_LOGGING__LEVEL": "WARNING",
        "MEDIAMANAGER_AUTH__RATE_LIMIT__ENABLED": "false",
    }
    process = subprocess.Popen(  # noqa: S603 (our own server)
        [sys.executable, "-m", "media_manager", "serve", "--port", str(port)],
        env=environment,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/api/v1/health").status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.terminate()
    raise SystemExit("the server did not start")


def gzipped_kb(paths: list[str]) -> list[tuple[str, float]]:
    """Each distinct file of web/build behind `paths`, with its gzip size in KB."""
    sizes = []
    for path in dict.fromkeys(paths):
        file = (BUILD / path.lstrip("/")).resolve()
        if not file.is_relative_to(BUILD.resolve()) or not file.is_file():
            raise SystemExit(f"the page loaded {path}, which is not in web/build")
        sizes.append((path, len(gzip.compress(file.read_bytes(), 9)) / 1024))
    return sizes


def report(result: dict[str, Any], waterfall: bool) -> bool:
    first = result["first"]
    sizes = gzipped_kb(first["scripts"])
    total_kb = sum(kb for _, kb in sizes)
    first_ok = total_kb < GOAL_FIRST_PAGE_KB
    print(
        f"\nfirst page (signed out, landed on {first['landed']}): {len(sizes)} JavaScript files,"
        f" {total_kb:.1f} KB gzipped (goal: under {GOAL_FIRST_PAGE_KB:.0f} KB)"
        f"{'' if first_ok else '  MISSED'}"
    )
    for path, kb in sorted(sizes, key=lambda item: -item[1])[:5]:
        print(f"  {kb:7.1f} KB  {path}")
    print(f"  API requests: {', '.join(first['api']) or 'none'}")

    runs = result["runs"]
    times = [run["interactive_ms"] for run in runs]
    tv_ok = max(times) < GOAL_INTERACTIVE_MS
    print(
        f"\nTV library ({runs[0]['total']}, {runs[0]['cards']} cards on the first page),"
        f" {len(runs)} cold visits: interactive after median {statistics.median(times):.0f} ms,"
        f" max {max(times):.0f} ms (goal: every visit under {GOAL_INTERACTIVE_MS:.0f} ms)"
        f"{'' if tv_ok else '  MISSED'}"
    )
    print(f"  each visit: {', '.join(f'{t:.0f}' for t in times)} ms")
    fastest = min(runs, key=lambda run: run["interactive_ms"])
    calls = ", ".join(
        f"{call['path']} {call['start']:.0f}-{call['end']:.0f}" for call in fastest["api_calls"]
    )
    print(
        f"  fastest visit: HTML at {fastest['html_end']:.0f} ms, DOMContentLoaded"
        f" {fastest['dom_content_loaded']:.0f} ms, last of {len(fastest['scripts'])} JavaScript"
        f" files at {fastest['last_script_end']:.0f} ms; API calls (ms): {calls}"
    )
    if waterfall:
        print("  requests of the fastest visit (ms: queued, sent, done):")
        for entry in fastest["waterfall"]:
            times = f"{entry['start']:6.0f} {entry['sent']:6.0f} {entry['end']:6.0f}"
            print(f"    {times}  {entry['path']}")
    print(
        f"  search typed: {runs[0]['search_total']} after median"
        f" {statistics.median(r['search_ms'] for r in runs):.0f} ms (250 ms of it the debounce)"
    )
    return first_ok and tv_ok


def measure(base: str, runs: int) -> dict[str, Any]:
    command = ["node", str(ROOT / "bench" / "web_browser.mjs"), base, EMAIL, PASSWORD, str(runs)]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)  # noqa: S603
    raw = json.loads(output.stdout.splitlines()[-1])
    for run in raw["runs"]:
        run["interactive_ms"] = run.pop("interactiveMs")
        run["dom_content_loaded"] = run.pop("domContentLoaded")
        run["html_end"] = run.pop("htmlEnd")
        run["last_script_end"] = run.pop("lastScriptEnd")
        run["api_calls"] = run.pop("apiCalls")
        run["search_ms"] = run.pop("searchMs")
        run["search_total"] = run.pop("searchTotal")
    return raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, default=20_000)
    parser.add_argument("--episodes-per-show", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5, help="cold visits of the TV library")
    parser.add_argument(
        "--waterfall", action="store_true", help="list every request of the fastest visit"
    )
    parser.add_argument(
        "--database", type=Path, help="a SQLite file to keep: seeded when missing, reused after"
    )
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        raise SystemExit(
            f"no {CHROMIUM}: apt-get install -y --no-install-recommends chromium"
            " (or set E2E_CHROMIUM)"
        )
    subprocess.run([str(ROOT / "scripts" / "web-build.sh")], check=True)  # noqa: S603

    folder = Path(tempfile.mkdtemp(prefix="mm-bench-web-"))
    try:
        database = args.database.resolve() if args.database else folder / "library.db"
        url = f"sqlite+aiosqlite:///{database}"
        if database.exists():
            print(f"reusing {database} (its shows as they were seeded)")
        else:
            migrations.upgrade(url)
            started = time.perf_counter()
            seed(url, args.shows, args.episodes_per_show)
            print(
                f"seeded {args.shows} shows x {args.episodes_per_show} episodes in"
                f" {time.perf_counter() - started:.1f} s"
            )
        process, base = start_server(folder, url)
        try:
            response = httpx.post(
                f"{base}/api/v1/auth/register", json={"email": EMAIL, "password": PASSWORD}
            )
            # A reused database has the account already.
            if response.status_code != 409:
                response.raise_for_status()
            print(f"load before measuring: {load()}")
            result = measure(base, args.runs)
            print(f"load after measuring:  {load()}")
        finally:
            process.terminate()
            process.wait(timeout=20)
    finally:
        shutil.rmtree(folder)
    if not report(result, args.waterfall):
        raise SystemExit("goal missed")


if __name__ == "__main__":
    main()
