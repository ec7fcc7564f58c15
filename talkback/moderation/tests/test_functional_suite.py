"""The team's functional suite (tests/functional/cases.jsonl) as a regression guard.

The floors below sit a little under what the shipped models measured when they were trained
(`talkback evaluate` prints the figures): they catch a model or engine change that makes the
hard cases worse, and are raised as the models improve. They are not targets to tune to.
"""

from __future__ import annotations

from collections import Counter

import pytest

from talkback.moderation import Engine
from talkback.moderation.evaluation.evaluate import evaluate_functional, load_cases
from talkback.moderation.taxonomy import CATEGORIES, DECISIONS, IDENTITY_TARGETS

OVERALL_FLOOR = 0.61
KEYS = {"id", "functionality", "text", "expected", "categories", "targets", "note"}


@pytest.fixture(scope="module")
def cases():
    return load_cases()


def test_the_suite_is_well_formed(cases):
    assert len(cases) >= 400
    assert len({c["id"] for c in cases}) == len(cases)
    assert len({c["text"] for c in cases}) == len(cases)
    for case in cases:
        assert set(case) <= KEYS and KEYS - {"note"} <= set(case), case["id"]
        assert case["expected"] in DECISIONS, case["id"]
        assert set(case["categories"]) <= set(CATEGORIES), case["id"]
        assert set(case["targets"]) <= set(IDENTITY_TARGETS), case["id"]
        assert case["expected"] != "reject" or case["categories"], case["id"]
    sizes = Counter(c["functionality"] for c in cases)
    assert min(sizes.values()) >= 25


def test_the_shipped_engine_passes_the_suite_above_its_floor(cases):
    result = evaluate_functional(Engine(), cases)

    assert result["pass_rate"] >= OVERALL_FLOOR, result["by_functionality"]
