from __future__ import annotations

import json

import numpy as np
import pytest

from talkback.moderation.evaluation.metrics import (
    MAX_CURVE_POINTS,
    binary_metrics,
    confusion,
    expected_calibration_error,
    macro_f1,
    span_f1,
)


def test_it_scores_a_perfect_ranking_auc_1_and_an_inverted_one_0():
    y = [0, 0, 0, 1, 1]
    s = [0.1, 0.2, 0.3, 0.8, 0.9]

    perfect = binary_metrics(y, s, 0.5)
    inverted = binary_metrics(y, [1 - v for v in s], 0.5)

    assert perfect["roc_auc"] == 1.0
    assert perfect["pr_auc"] == 1.0
    assert inverted["roc_auc"] == 0.0


def test_it_matches_known_auc_values_on_a_small_example():
    # scikit-learn's documented example: ROC-AUC 0.75, average precision 0.83.
    result = binary_metrics([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.5)

    assert result["roc_auc"] == pytest.approx(0.75)
    assert result["pr_auc"] == pytest.approx(5 / 6)


def test_it_counts_tied_scores_as_one_threshold():
    result = binary_metrics([0, 1], [0.5, 0.5], 0.9)

    assert result["roc_auc"] == pytest.approx(0.5)
    assert result["pr_auc"] == pytest.approx(0.5)


def test_it_gives_no_auc_and_no_curves_when_only_one_class_is_present():
    result = binary_metrics([0, 0, 0], [0.1, 0.6, 0.2], 0.5)

    assert result["roc_auc"] is None
    assert result["pr_auc"] is None
    assert result["pr_curve"] == []
    assert result["roc_curve"] == []
    assert (result["n"], result["positives"]) == (3, 0)
    assert (result["precision"], result["recall"], result["f1"]) == (0.0, 0.0, 0.0)


def test_it_flags_scores_at_or_over_the_threshold():
    # Flagged: the first three (0.5 counts). tp = 2, fp = 1, fn = 2.
    y = [1, 1, 0, 0, 1, 1]
    s = [0.9, 0.5, 0.5, 0.2, 0.1, 0.3]

    result = binary_metrics(y, s, 0.5)

    assert result["threshold"] == 0.5
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["recall"] == pytest.approx(1 / 2)
    assert result["f1"] == pytest.approx(2 * (2 / 3) * (1 / 2) / (2 / 3 + 1 / 2))


def test_it_finds_no_calibration_error_in_a_calibrated_set():
    # In each bin, the share of positives equals the score exactly.
    scores = np.repeat(np.arange(0.05, 1.0, 0.1), 100)
    labels = np.concatenate([np.arange(100) < round(c * 100) for c in np.arange(0.05, 1.0, 0.1)])

    assert expected_calibration_error(labels.astype(int), scores) == pytest.approx(0.0, abs=1e-9)


def test_it_measures_the_calibration_error_of_an_overconfident_set():
    scores = [0.95] * 100
    labels = [1] * 50 + [0] * 50

    assert expected_calibration_error(labels, scores) == pytest.approx(0.45)
    assert binary_metrics(labels, scores, 0.5)["ece"] == pytest.approx(0.45)


def test_it_weights_the_calibration_error_by_bin_count():
    # Bin [0.1, 0.2): 3 comments, mean 0.1, all positive: gap 0.9. Bin [0.9, 1]: 1, gap 0.
    ece = expected_calibration_error([1, 1, 1, 1], [0.1, 0.1, 0.1, 1.0])

    assert ece == pytest.approx(3 / 4 * 0.9)


def test_it_lists_only_non_empty_calibration_bins_with_the_top_score_in_the_last():
    result = binary_metrics([0, 1, 1], [0.05, 0.07, 1.0], 0.5)

    assert result["calibration"] == [
        {"lo": 0.0, "hi": 0.1, "count": 2, "mean_score": pytest.approx(0.06), "positive_rate": 0.5},
        {"lo": 0.9, "hi": 1.0, "count": 1, "mean_score": 1.0, "positive_rate": 1.0},
    ]


def test_it_downsamples_curves_keeping_both_ends():
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, 1000)
    s = rng.random(1000)

    result = binary_metrics(y, s, 0.5)

    assert len(result["roc_curve"]) == MAX_CURVE_POINTS
    assert len(result["pr_curve"]) == MAX_CURVE_POINTS
    assert result["roc_curve"][0] == [0.0, 0.0]
    assert result["roc_curve"][-1] == [1.0, 1.0]
    assert result["pr_curve"][0] == [0.0, 1.0]
    assert result["pr_curve"][-1] == [1.0, round(y.mean(), 4)]


def test_its_results_are_plain_json_values():
    result = binary_metrics(np.array([0, 1, 1, 0]), np.array([0.2, 0.7, 0.9, 0.4]), 0.5)

    def leaves(value):
        if isinstance(value, dict):
            return [leaf for v in value.values() for leaf in leaves(v)]
        if isinstance(value, list):
            return [leaf for v in value for leaf in leaves(v)]
        return [value]

    assert {type(leaf) for leaf in leaves(result)} <= {int, float}
    assert json.loads(json.dumps(result)) == result


def test_it_agrees_with_scikit_learn_on_random_tied_scores():
    sk = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(3)
    for _ in range(20):
        y = rng.integers(0, 2, 300)
        s = rng.random(300).round(1)  # many ties
        flagged = (s >= 0.6).astype(int)

        result = binary_metrics(y, s, 0.6)

        assert result["roc_auc"] == pytest.approx(sk.roc_auc_score(y, s))
        assert result["pr_auc"] == pytest.approx(sk.average_precision_score(y, s))
        assert result["f1"] == pytest.approx(sk.f1_score(y, flagged))
        assert macro_f1(y, flagged) == pytest.approx(sk.f1_score(y, flagged, average="macro"))


@pytest.mark.parametrize(
    ("y", "s", "message"),
    [
        ([0, 1], [0.5, 1.5], r"\[0, 1\]"),
        ([0, 1], [0.5, float("nan")], r"\[0, 1\]"),
        ([0, 2], [0.5, 0.5], "0 or 1"),
        ([0, 1], [0.5], "same length"),
        ([], [], "non-empty"),
    ],
)
def test_it_refuses_labels_and_scores_it_cannot_score(y, s, message):
    with pytest.raises(ValueError, match=message):
        binary_metrics(y, s, 0.5)


def test_macro_f1_averages_the_f1_of_both_classes():
    # Class 1: tp 1, fn 1 -> F1 2/3. Class 0: tp 2, fp 1 -> F1 4/5.
    assert macro_f1([1, 1, 0, 0], [1, 0, 0, 0]) == pytest.approx((2 / 3 + 4 / 5) / 2)
    assert macro_f1([1, 0, 1], [1, 0, 1]) == 1.0


def test_span_f1_scores_a_post_with_no_spans_on_either_side_1():
    assert span_f1([[]], [set()]) == 1.0


def test_span_f1_scores_a_post_with_spans_on_one_side_only_0():
    assert span_f1([[1, 2]], [[]]) == 0.0
    assert span_f1([[]], [[1, 2]]) == 0.0


def test_span_f1_scores_a_partial_overlap_by_its_f1():
    # Overlap {3}: precision 1/2, recall 1/4, F1 = 2 * 1/8 / (3/4) = 1/3.
    assert span_f1([[0, 1, 2, 3]], [[3, 4]]) == pytest.approx(1 / 3)


def test_span_f1_averages_over_posts_and_counts_each_offset_once():
    gold = [[], [1], [0, 1, 2, 3]]
    predicted = [[], [], [3, 3, 4]]

    assert span_f1(gold, predicted) == pytest.approx((1 + 0 + 1 / 3) / 3)


def test_span_f1_refuses_unpaired_posts():
    with pytest.raises(ValueError, match="one entry per post"):
        span_f1([[1]], [])


def test_confusion_counts_pairs_with_every_label_as_row_and_column():
    labels = ["approve", "reject", "review"]

    matrix = confusion(["approve", "approve", "reject"], ["approve", "review", "review"], labels)

    assert matrix == {
        "approve": {"approve": 1, "reject": 0, "review": 1},
        "reject": {"approve": 0, "reject": 0, "review": 1},
        "review": {"approve": 0, "reject": 0, "review": 0},
    }


def test_confusion_refuses_a_label_it_was_not_given():
    with pytest.raises(ValueError, match="hide"):
        confusion(["approve"], ["hide"], ["approve", "reject"])
