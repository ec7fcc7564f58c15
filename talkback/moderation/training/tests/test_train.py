from __future__ import annotations

import hashlib
import json

import numpy as np

from talkback.moderation.artifacts import MODELS_DIR
from talkback.moderation.classifier import MANIFEST_FILE
from talkback.moderation.training.datasets import Example
from talkback.moderation.training.train import balanced_weights, with_lexicon_labels


def test_every_set_and_class_weighs_the_same_in_total():
    sources = ["davidson"] * 6 + ["olid"] * 4
    y = np.array([1, 1, 1, 1, 1, 0, 1, 0, 0, 0])

    weights = balanced_weights(sources, y)

    totals: dict[tuple[str, int], float] = {}
    for source, label, weight in zip(sources, y.tolist(), weights, strict=True):
        totals[(source, label)] = totals.get((source, label), 0.0) + weight
    assert np.allclose(list(totals.values()), 2.5)
    assert np.isclose(weights.sum(), len(y))


def test_clear_lexicon_hits_name_the_category_of_an_offensive_comment():
    offensive = Example("what a fucking disgrace", "en", "olid", {"offensive": 1})
    clean = Example("what a fucking disgrace", "en", "olid", {"offensive": 0, "profanity": 0})
    quoted = Example('is "fuck" banned here?', "en", "olid", {"offensive": 1})

    labelled, untouched, discussed = with_lexicon_labels([offensive, clean, quoted])

    assert labelled.labels == {"offensive": 1, "profanity": 1}
    assert untouched.labels == clean.labels, "annotators' own labels are never overridden"
    assert discussed.labels == {"offensive": 1}


def test_the_shipped_models_match_their_manifest_and_fit_the_budget():
    manifest = json.loads((MODELS_DIR / MANIFEST_FILE).read_text())

    for name, entry in manifest["files"].items():
        data = (MODELS_DIR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
    total = sum(path.stat().st_size for path in MODELS_DIR.rglob("*") if path.is_file())
    assert total < 60 * 1024 * 1024
