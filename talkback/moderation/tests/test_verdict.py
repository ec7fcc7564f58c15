from __future__ import annotations

import pytest

from talkback.moderation.taxonomy import CATEGORIES
from talkback.moderation.verdict import Span, Verdict

ZERO = dict.fromkeys(CATEGORIES, 0.0)


def test_it_serialises_to_the_cli_contract_shape():
    verdict = Verdict(
        decision="reject",
        reasons=("profanity",),
        scores={**ZERO, "profanity": 0.97},
        model_version="v",
        lang="en",
        spans=(Span(3, 7, "profanity"),),
    )

    assert verdict.to_dict() == {
        "decision": "reject",
        "reasons": ["profanity"],
        "scores": {**ZERO, "profanity": 0.97},
        "targets": [],
        "spans": [{"start": 3, "end": 7, "code": "profanity"}],
        "lang": "en",
        "model_version": "v",
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"decision": "maybe"},
        {"reasons": ("swearing",)},
        {"scores": {"profanity": 0.5}},
        {"scores": {**ZERO, "threat": 1.2}},
        {"targets": ("aliens",)},
    ],
)
def test_it_refuses_values_outside_the_taxonomy(changes):
    fields = {
        "decision": "approve",
        "reasons": (),
        "scores": ZERO,
        "model_version": "v",
        "lang": "en",
    }

    with pytest.raises(ValueError):
        Verdict(**{**fields, **changes})


def test_a_span_must_be_non_empty_and_categorised():
    with pytest.raises(ValueError):
        Span(5, 5, "profanity")
    with pytest.raises(ValueError):
        Span(0, 2, "swearing")
