"""The release-name corpus, one test per name; see ``corpus.py`` for the data format."""

from __future__ import annotations

import dataclasses

import pytest

from media_manager.parsing import parse_release

from .corpus import load_cases, mismatches

CASES = load_cases()


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=c.id, marks=pytest.mark.xfail(strict=True, reason=c.xfail))
        if c.xfail
        else pytest.param(c, id=c.id)
        for c in CASES
    ],
)
def test_corpus_case(case):
    info = parse_release(case.name)
    actual = {f.name: getattr(info, f.name) for f in dataclasses.fields(info)}
    assert mismatches(actual, case.expect) == {}, case.name


def test_corpus_is_large_enough():
    assert len(CASES) >= 1500
