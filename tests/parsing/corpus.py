"""Loading the release-name corpus and comparing a parse against its expected fields.

Each ``corpus/*.jsonl`` line is one case: ``{"name": ..., "expect": {field: value}}`` with only
the fields that case asserts, and optionally ``"xfail": "reason"`` for a knowingly unsupported
name. Shared by ``test_parse_release.py`` and ``bench/parser.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPUS_DIR = Path(__file__).parent / "corpus"
LIST_FIELDS = frozenset(
    {"seasons", "episodes", "absolute_episodes", "hdr", "languages", "subtitles",
     "alternative_titles"}
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    name: str
    expect: dict[str, Any]
    xfail: str | None
    origin: str

    @property
    def id(self) -> str:
        return self.origin


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            cases.append(
                Case(record["name"], record["expect"], record.get("xfail"), f"{path.stem}:{number}")
            )
    return cases


def normalize(field: str, value: Any) -> Any:
    """Expected and actual values in one comparable form (lists as tuples, dates as text)."""
    if field in LIST_FIELDS:
        return tuple(value or ())
    if field == "air_date":
        return value.isoformat() if hasattr(value, "isoformat") else value
    return value


def mismatches(actual: dict[str, Any], expect: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields whose actual value differs from the expected one: ``{field: (expected, got)}``."""
    wrong = {}
    for field, expected in expect.items():
        got = normalize(field, actual.get(field))
        want = normalize(field, expected)
        if got != want:
            wrong[field] = (want, got)
    return wrong
