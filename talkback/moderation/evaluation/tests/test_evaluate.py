from __future__ import annotations

from talkback.moderation import Engine
from talkback.moderation.evaluation.evaluate import evaluate_functional, evaluate_targets
from talkback.moderation.training.datasets import Example


def test_target_naming_is_scored_by_micro_precision_and_recall():
    examples = [
        Example("Muslims are a plague", "en", "ethos", {}, {"religion": 1, "sexism": 0}),
        Example("women and gays ruin it", "en", "ethos", {}, {"sexism": 1, "racism": 1}),
        Example("no targets here", "en", "ethos", {}, {"religion": 0}),
    ]

    result = evaluate_targets(examples)

    assert result is not None and result["n"] == 2
    # named: religion | sexism, homophobia; gold: religion | sexism, racism
    assert result["precision"] == round(2 / 3, 4) and result["recall"] == round(2 / 3, 4)


def test_a_reject_case_passes_only_with_its_category_among_the_reasons():
    cases = [
        {
            "id": "a",
            "functionality": "threats",
            "text": "I know where you live and I will find you.",
            "expected": "reject",
            "categories": ["threat"],
            "targets": [],
        },
        {
            "id": "b",
            "functionality": "threats",
            "text": "I know where you live and I will find you!",
            "expected": "reject",
            "categories": ["promotion"],
            "targets": [],
        },
    ]

    result = evaluate_functional(Engine(), cases)

    assert result["passed"] == 1 and [f["id"] for f in result["failures"]] == ["b"]
    assert result["decisions"]["matrix"]["reject"]["reject"] == 2
