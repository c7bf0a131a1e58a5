"""The Writerside documentation: the tree and the topics agree, links and anchors resolve, and
the generated configuration reference matches the settings model."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from defusedxml import ElementTree as ET

ROOT = Path(__file__).resolve().parents[1]
WRITERSIDE = ROOT / "Writerside"
TOPICS = WRITERSIDE / "topics"

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{id=\"([^\"]+)\"\})?\s*$")
FENCE = re.compile(r"^(```|~~~)")


def _tree_topics() -> list[str]:
    cfg = ET.parse(WRITERSIDE / "writerside.cfg").getroot()
    topics: list[str] = []
    for instance in cfg.iter("instance"):
        tree = ET.parse(WRITERSIDE / instance.attrib["src"]).getroot()
        topics.append(tree.attrib["start-page"])
        topics.extend(element.attrib["topic"] for element in tree.iter("toc-element"))
    return topics


def _prose_lines(path: Path) -> list[str]:
    """The topic's lines outside fenced code blocks."""
    lines, fenced = [], False
    for line in path.read_text().splitlines():
        if FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def slug(text: str) -> str:
    """The anchor Writerside gives a heading without an explicit id."""
    text = re.sub(r"[`*_]", "", text).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def anchors(path: Path) -> set[str]:
    found = set()
    for line in _prose_lines(path):
        match = HEADING.match(line)
        if match:
            found.add(match.group(3) or slug(match.group(2)))
    return found


def links(path: Path) -> list[str]:
    return [target for line in _prose_lines(path) for target in LINK.findall(line)]


def test_every_topic_in_the_tree_exists():
    missing = [topic for topic in _tree_topics() if not (TOPICS / topic).is_file()]
    assert missing == []


def test_every_topic_file_is_in_the_tree():
    listed = set(_tree_topics())
    orphans = sorted(p.name for p in TOPICS.glob("*.md") if p.name not in listed)
    assert orphans == []


def test_every_topic_has_one_title():
    for path in TOPICS.glob("*.md"):
        titles = [line for line in _prose_lines(path) if line.startswith("# ")]
        assert len(titles) == 1, f"{path.name}: {titles}"


@pytest.mark.parametrize("topic", sorted(p.name for p in TOPICS.glob("*.md")))
def test_internal_links_and_anchors_resolve(topic: str):
    broken = []
    for target in links(TOPICS / topic):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        name, _, anchor = target.partition("#")
        path = TOPICS / name if name else TOPICS / topic
        if not path.is_file():
            broken.append(f"{target}: no topic {name}")
        elif anchor and anchor not in anchors(path):
            broken.append(f"{target}: no heading #{anchor} in {path.name}")
    assert broken == []


def test_link_checker_finds_a_broken_anchor(tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text('# Page\n\n## Real part {id="real"}\n\n```\n## Not a heading\n```\n')
    assert anchors(page) == {"page", "real"}
    assert slug("The `/setup` page: first run") == "the-setup-page-first-run"


def test_readme_links_resolve_and_name_nothing_outside_the_repository():
    readme = (ROOT / "README.md").read_text()
    for target in LINK.findall(readme):
        if re.match(r"[a-z]+:", target):
            continue
        assert (ROOT / target.partition("#")[0]).exists(), target
    # Nothing outside the checkout: no house-style file, no path of the machine it lives on.
    assert "STYLE.md" not in readme and f"{ROOT.parent}/" not in readme


def test_configuration_reference_is_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen-config-reference.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_configuration_reference_lists_every_option():
    from media_manager.config import Settings

    text = (TOPICS / "configuration-reference.md").read_text()

    def keys(model, path):
        for name, field in model.model_fields.items():
            annotation = field.annotation
            inner = getattr(annotation, "__args__", (None,))[0]
            sub = annotation if hasattr(annotation, "model_fields") else None
            if sub is None and hasattr(inner, "model_fields"):
                sub = inner
            if sub is not None:
                yield from keys(sub, [*path, name])
            else:
                yield path, name

    for path, name in keys(Settings, []):
        section = ".".join(path)
        heading = re.escape(f"[{section}]") if section else "Top level"
        parts = re.split(rf"^## \[?{heading}\]? ", text, maxsplit=1, flags=re.M)
        assert len(parts) == 2, f"no section {section}"
        body = parts[1].split("\n## ", 1)[0]
        row = next((line for line in body.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, f"{section}.{name} is not in the reference"
        assert not row.rstrip().endswith("|  |"), f"{section}.{name} has no description"
