"""Fit the span tagger on the toxic spans data and choose its threshold on held-out posts."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from talkback.moderation.evaluation.metrics import span_f1
from talkback.moderation.spans import SpanTagger, hasher, token_features, tokens
from talkback.moderation.training.datasets import Example

SEED = 7
#: Share of the train split's posts held out to choose the threshold.
THRESHOLD_POSTS = 0.2


def token_labels(example: Example) -> list[int]:
    """A token is offending when most of its characters lie in the annotated offsets."""
    offsets = example.spans or frozenset()
    return [
        int(sum(i in offsets for i in range(t.start, t.end)) * 2 > t.end - t.start)
        for t in tokens(example.text)
    ]


def _fit(examples: Sequence[Example]) -> tuple[NDArray[np.float64], float]:
    rows = [features for e in examples for features in token_features(e.text)]
    labels = [label for e in examples for label in token_labels(e)]
    model = LogisticRegression(C=1.0, solver="liblinear", max_iter=2000, random_state=SEED)
    model.fit(hasher().transform(rows), labels)
    # Through float32, as the tagger was always fitted, so a rebuild chooses the same threshold
    # and writes the same file.
    return model.coef_[0].astype(np.float32).astype(np.float64), float(model.intercept_[0])


def predicted_offsets(tagger: SpanTagger, text: str) -> set[int]:
    return {i for start, end in tagger.spans(text) for i in range(start, end)}


def train_tagger(examples: Sequence[Example]) -> tuple[SpanTagger, dict[str, float]]:
    """Fit on most posts, pick the threshold with the best span F1 on the rest, then refit on
    all of them with that threshold."""
    posts = [e for e in examples if e.spans is not None]
    shuffled = sorted(posts, key=lambda e: e.key)
    random.Random(SEED).shuffle(shuffled)
    cut = int(len(shuffled) * (1 - THRESHOLD_POSTS))
    fitting, choosing = shuffled[:cut], shuffled[cut:]
    coef, intercept = _fit(fitting)
    gold = [set(e.spans or ()) for e in choosing]
    best_f1, best_threshold = -1.0, 0.5
    for threshold in np.arange(0.2, 0.71, 0.05):
        tagger = SpanTagger(coef, intercept, float(threshold))
        f1 = span_f1(gold, [predicted_offsets(tagger, e.text) for e in choosing])
        if f1 > best_f1:
            best_f1, best_threshold = f1, round(float(threshold), 2)
    coef, intercept = _fit(posts)
    return SpanTagger(coef, intercept, best_threshold), {
        "posts": len(posts),
        "threshold": best_threshold,
        "threshold_choice_f1": round(best_f1, 4),
    }
