"""Metrics for `talkback evaluate`: ranking, threshold, calibration, span and decision scores.

Every function returns plain floats, ints, lists and dicts, so a result goes to JSON as it is.
Ranking metrics follow scikit-learn's definitions (ties in score form one threshold), written out
here so the library needs nothing untyped.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

#: Curves are downsampled to this many points: enough to draw, small enough to keep in JSON.
MAX_CURVE_POINTS = 100
CURVE_DIGITS = 4

Labels = Sequence[int] | NDArray[Any]
Scores = Sequence[float] | NDArray[Any]
Array = NDArray[np.float64]


def binary_metrics(
    y_true: Labels, scores: Scores, threshold: float, bins: int = 10
) -> dict[str, Any]:
    """Score one category: 0/1 labels against scores in [0, 1], flagging at score >= threshold.

    `roc_auc` and `pr_auc` (average precision) are None, and both curves empty, when only one
    class is present. Precision and recall are 0 when their denominator is, as in scikit-learn.
    """
    y, s = _validated(y_true, scores)
    tp, fp, fn = _counts(y, s >= threshold)
    one_class = y.min() == y.max()
    roc = None if one_class else _roc_curve(y, s)
    pr = None if one_class else _pr_curve(y, s)
    return {
        "n": int(y.size),
        "positives": int(y.sum()),
        "roc_auc": None if roc is None else float(np.trapezoid(roc[1], roc[0])),
        "pr_auc": None if pr is None else _average_precision(*pr),
        "threshold": float(threshold),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "f1": _f1(tp, fp, fn),
        "ece": _ece(y, s, bins),
        "calibration": _calibration(y, s, bins),
        "pr_curve": [] if pr is None else _downsample(*_with_start(pr, 0.0, 1.0)),
        "roc_curve": [] if roc is None else _downsample(*roc),
    }


def expected_calibration_error(y_true: Labels, scores: Scores, bins: int = 10) -> float:
    """The mean gap between score and positive rate over equal-width bins, weighted by count."""
    return _ece(*_validated(y_true, scores), bins)


def macro_f1(y_true: Labels, y_pred: Labels) -> float:
    """The mean of class 1's and class 0's F1 (scikit-learn's macro F1 with labels=[0, 1])."""
    y, predicted = _labels(y_true), _labels(y_pred)
    if y.shape != predicted.shape:
        raise ValueError("y_true and y_pred must have the same length")
    tp, fp, fn = _counts(y, predicted == 1)
    tn = int(y.size) - tp - fp - fn
    return (_f1(tp, fp, fn) + _f1(tn, fn, fp)) / 2


def span_f1(gold: Sequence[Collection[int]], predicted: Sequence[Collection[int]]) -> float:
    """SemEval-2021 Task 5's score: the mean over posts of the F1 of character offsets.

    A post with no gold and no predicted offsets scores 1; with only one of them empty, 0.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted must have one entry per post")
    if not gold:
        raise ValueError("no posts to score")
    return sum(map(_offsets_f1, gold, predicted)) / len(gold)


def confusion(
    expected: Sequence[str], got: Sequence[str], labels: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Count (expected, got) pairs as {expected: {got: count}}, every label a row and a column."""
    if len(expected) != len(got):
        raise ValueError("expected and got must have the same length")
    unknown = sorted((set(expected) | set(got)) - set(labels))
    if unknown:
        raise ValueError(f"labels not in {list(labels)}: {', '.join(unknown)}")
    matrix = {row: dict.fromkeys(labels, 0) for row in labels}
    for want, have in zip(expected, got, strict=True):
        matrix[want][have] += 1
    return matrix


def _labels(values: Labels) -> NDArray[np.int64]:
    y = np.asarray(values)
    if y.ndim != 1 or y.size == 0:
        raise ValueError("labels must be a flat, non-empty sequence")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    return y.astype(np.int64)


def _validated(y_true: Labels, scores: Scores) -> tuple[NDArray[np.int64], Array]:
    y, s = _labels(y_true), np.asarray(scores, dtype=np.float64)
    if y.shape != s.shape:
        raise ValueError("labels and scores must have the same length")
    if not (np.isfinite(s).all() and s.min() >= 0 and s.max() <= 1):
        raise ValueError("scores must lie in [0, 1]")
    return y, s


def _counts(y: NDArray[np.int64], flagged: NDArray[np.bool_]) -> tuple[int, int, int]:
    """True positives, false positives and false negatives."""
    positive = y == 1
    return (
        int(np.sum(flagged & positive)),
        int(np.sum(flagged & ~positive)),
        int(np.sum(~flagged & positive)),
    )


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _cumulative_counts(y: NDArray[np.int64], s: Array) -> tuple[Array, Array]:
    """True and false positives when flagging at score >= each distinct score, highest first."""
    order = np.argsort(-s, kind="stable")
    last_of_each_score = np.r_[np.flatnonzero(np.diff(s[order])), s.size - 1]
    tps = np.cumsum(y[order])[last_of_each_score].astype(np.float64)
    return tps, last_of_each_score + 1 - tps


def _roc_curve(y: NDArray[np.int64], s: Array) -> tuple[Array, Array]:
    tps, fps = _cumulative_counts(y, s)
    return np.r_[0.0, fps / fps[-1]], np.r_[0.0, tps / tps[-1]]


def _pr_curve(y: NDArray[np.int64], s: Array) -> tuple[Array, Array]:
    """Recall and precision at each distinct threshold, highest threshold first."""
    tps, fps = _cumulative_counts(y, s)
    return tps / tps[-1], tps / (tps + fps)


def _average_precision(recall: Array, precision: Array) -> float:
    """Precision at each threshold weighted by the recall it adds (no interpolation)."""
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def _with_start(curve: tuple[Array, Array], x: float, y: float) -> tuple[Array, Array]:
    """The curve with (x, y) put first: a PR curve starts at recall 0, precision 1 when drawn."""
    return np.r_[x, curve[0]], np.r_[y, curve[1]]


def _downsample(xs: Array, ys: Array) -> list[list[float]]:
    """At most MAX_CURVE_POINTS evenly spaced points, keeping both ends."""
    keep = np.unique(np.linspace(0, xs.size - 1, min(xs.size, MAX_CURVE_POINTS)).round())
    index = keep.astype(np.int64)
    return [
        [round(float(x), CURVE_DIGITS), round(float(y), CURVE_DIGITS)]
        for x, y in zip(xs[index], ys[index], strict=True)
    ]


def _bin_sums(y: NDArray[np.int64], s: Array, bins: int) -> tuple[Array, Array, Array]:
    """Per equal-width bin of [0, 1]: count, sum of scores, sum of labels (1.0 in the top bin)."""
    if bins < 1:
        raise ValueError("bins must be at least 1")
    index = np.minimum((s * bins).astype(np.int64), bins - 1)
    return (
        np.bincount(index, minlength=bins).astype(np.float64),
        np.bincount(index, weights=s, minlength=bins).astype(np.float64),
        np.bincount(index, weights=y, minlength=bins).astype(np.float64),
    )


def _ece(y: NDArray[np.int64], s: Array, bins: int) -> float:
    # count * |mean score - positive rate| is |sum of scores - positives| for each bin.
    _, score_sums, positives = _bin_sums(y, s, bins)
    return float(np.abs(score_sums - positives).sum() / y.size)


def _calibration(y: NDArray[np.int64], s: Array, bins: int) -> list[dict[str, Any]]:
    counts, score_sums, positives = _bin_sums(y, s, bins)
    return [
        {
            "lo": i / bins,
            "hi": (i + 1) / bins,
            "count": int(counts[i]),
            "mean_score": float(score_sums[i] / counts[i]),
            "positive_rate": float(positives[i] / counts[i]),
        }
        for i in np.flatnonzero(counts).tolist()
    ]


def _offsets_f1(gold: Collection[int], predicted: Collection[int]) -> float:
    gold_set, predicted_set = set(gold), set(predicted)
    if not gold_set or not predicted_set:
        return float(gold_set == predicted_set)
    # 2PR / (P + R) reduces to twice the overlap over the sizes' sum.
    return 2 * len(gold_set & predicted_set) / (len(gold_set) + len(predicted_set))
