"""`talkback train`: rebuild every classifier artifact from the labelled data, deterministically.

The recipe, per label (the `offensive` umbrella, the five abuse categories, `promotion`):

1. a logistic regression on TF-IDF word and character n-grams, and one on sentence embeddings,
   each fitted on the train split where the label is known;
2. out-of-fold logits of both on the train split (K-fold, fixed seed), so the stacker learns how
   far to trust each head on comments those heads never saw;
3. per category, a logistic-regression stacker over those logits and the lexicon's score: its
   output is the calibrated probability the engine serves (Platt scaling on out-of-fold scores).

The dev split is never fitted on; `talkback evaluate` measures it.
"""

from __future__ import annotations

import hashlib
import json
import platform
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

import numpy as np
import sklearn
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold

from talkback.moderation.artifacts import MODELS_DIR
from talkback.moderation.classifier import (
    CHAR_OPTIONS,
    EMBEDDING_HEADS_FILE,
    MANIFEST_FILE,
    NGRAMS_FILE,
    SCORER_FILE,
    WORD_OPTIONS,
    LinearHeads,
    stack_features,
)
from talkback.moderation.encoder import CARD_FILE, SentenceEncoder
from talkback.moderation.engine import rule_matches
from talkback.moderation.features import prepare
from talkback.moderation.lexicon import load_lexicon, match_scores
from talkback.moderation.spans import SPANS_FILE
from talkback.moderation.taxonomy import ABUSE_CATEGORIES
from talkback.moderation.training.datasets import (
    ABUSE,
    LABELS,
    OFFENSIVE,
    Example,
    default_data_dir,
    load,
    merge_duplicates,
)
from talkback.moderation.training.spans import train_tagger

#: The English sets the classifiers learn from, and the one the span tagger learns from.
CLASSIFIER_SETS: Final = ("olid", "davidson", "ethos", "typed_toxic_spans", "youtube_spam")
SPAN_SETS: Final = ("toxic_spans",)
#: The encoder's files, exported by `talkback train --export-encoder` (export_encoder.py).
ENCODER_FILES: Final = (
    "encoder/minilm-l6.int8.onnx",
    "encoder/tokenizer.json",
    "encoder/encoder.json",
)
SEED: Final = 7
FOLDS: Final = 4
WORD_FEATURES: Final = 100_000
CHAR_FEATURES: Final = 150_000
#: Lexicon weight from which an offensive comment's lexicon hit names its category (weak label).
WEAK_LABEL_WEIGHT: Final = 0.8

Log = Callable[[str], None]


def with_lexicon_labels(examples: Sequence[Example]) -> list[Example]:
    """Name the category of offensive comments that annotators left unnamed, from clear lexicon
    hits: no English set labels vulgarity, and few label profanity, but their offensive comments
    are full of both."""
    lexicon = load_lexicon("en")
    assert lexicon is not None, "the English lexicon ships with the package"
    labelled = []
    for example in examples:
        if example.labels.get(OFFENSIVE) == 1:
            hits = match_scores(m for m in lexicon.find(example.text) if not m.quoted)
            extra = {
                code: 1
                for code, weight in hits.items()
                if weight >= WEAK_LABEL_WEIGHT and code not in example.labels
            }
            example = replace(example, labels={**example.labels, **extra})
        labelled.append(example)
    return labelled


def lexicon_features(texts: Sequence[str]) -> dict[str, NDArray[np.float64]]:
    lexicon = load_lexicon("en")
    assert lexicon is not None, "the English lexicon ships with the package"
    rows = [match_scores(rule_matches(text, [lexicon])) for text in texts]
    return {code: np.array([row.get(code, 0.0) for row in rows]) for code in ABUSE}


def _known(examples: Sequence[Example], label: str) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    rows = [n for n, example in enumerate(examples) if label in example.labels]
    return np.array(rows, dtype=np.intp), np.array(
        [examples[n].labels[label] for n in rows], dtype=np.int64
    )


def _fit(
    features: Any, y: NDArray[np.int64], weights: NDArray[np.float64], *, dense: bool
) -> LogisticRegression:
    if dense:
        model = LogisticRegression(C=2.0, max_iter=2000, random_state=SEED)
    else:
        model = LogisticRegression(C=4.0, solver="liblinear", max_iter=2000, random_state=SEED)
    return model.fit(features, y, sample_weight=weights)


def balanced_weights(sources: Sequence[str], y: NDArray[np.int64]) -> NDArray[np.float64]:
    """Give every (set, class) group the same total weight.

    How a set was collected decides its share of offensive comments (Davidson's tweets were
    found by searching for slurs: five in six are offensive). Unweighted, a head learns that
    share as a prior for anything that reads like the set, and a bland comment that happens to
    look like a tweet scores high. The stackers, fitted unweighted, restore calibration."""
    groups = [f"{source}\0{label}" for source, label in zip(sources, y.tolist(), strict=True)]
    sizes = Counter(groups)
    weights = np.array([len(groups) / (len(sizes) * sizes[g]) for g in groups])
    return weights


def _folds(n_rows: int) -> list[tuple[NDArray[np.intp], NDArray[np.intp]]]:
    return list(KFold(FOLDS, shuffle=True, random_state=SEED).split(np.arange(n_rows)))


def fit_heads(
    features: Any, examples: Sequence[Example], labels: Sequence[str], *, dense: bool
) -> tuple[LinearHeads, NDArray[np.float32]]:
    """Fit one head per label and return them with their out-of-fold logits on `features`."""
    n_rows, n_features = features.shape
    coef = np.zeros((n_features, len(labels)), dtype=np.float32)
    intercept = np.zeros(len(labels), dtype=np.float32)
    out_of_fold = np.zeros((n_rows, len(labels)), dtype=np.float32)
    folds = _folds(n_rows)
    for column, label in enumerate(labels):
        rows, y = _known(examples, label)
        known = np.zeros(n_rows, dtype=bool)
        known[rows] = True
        target = np.zeros(n_rows, dtype=np.int64)
        target[rows] = y
        sources = [example.source for example in examples]
        for fit_rows, held_rows in folds:
            fit_rows = fit_rows[known[fit_rows]]
            weights = balanced_weights([sources[n] for n in fit_rows], target[fit_rows])
            model = _fit(features[fit_rows], target[fit_rows], weights, dense=dense)
            out_of_fold[held_rows, column] = model.decision_function(features[held_rows])
        weights = balanced_weights([sources[n] for n in rows], y)
        model = _fit(features[rows], y, weights, dense=dense)
        coef[:, column] = model.coef_[0]
        intercept[column] = model.intercept_[0]
    return LinearHeads(tuple(labels), coef, intercept), out_of_fold


#: The set whose comments calibrate the umbrella (see `_umbrella_rows`).
UMBRELLA_CALIBRATION_SET: Final = "olid"


def _umbrella_rows(
    examples: Sequence[Example], rows: NDArray[np.intp], y: NDArray[np.int64]
) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    """The umbrella's stacker learns from OLID alone. Its heads learn from every set, but a
    calibrated score also learns its set's share of offensive comments, and Davidson's tweets
    were collected by searching for slurs: five in six are offensive. Calibrated on the mixture,
    a comment with nothing in it ("ok") scored 0.53; OLID's sample is far closer to a thread."""
    keep = np.array([examples[n].source == UMBRELLA_CALIBRATION_SET for n in rows], dtype=bool)
    return rows[keep], y[keep]


def trainable_labels(examples: Sequence[Example]) -> list[str]:
    """Labels with both classes present: a head cannot learn from one side alone."""
    return [label for label in LABELS if len(set(_known(examples, label)[1].tolist())) == 2]


def train(
    data_dir: Path | None = None,
    out_dir: Path = MODELS_DIR,
    log: Log = print,
    *,
    finetune: bool = False,
) -> dict[str, Any]:
    """Rebuild ngrams.npz, embedding_heads.npz, scorer.json and manifest.json in `out_dir`
    (the encoder in `out_dir/encoder` must exist: `talkback train --export-encoder`).

    With `finetune`, the encoder is first fine-tuned on the train split less its first fold,
    and exported to `out_dir/encoder`. The held-out fold is what the stackers then learn from:
    the embedding heads' out-of-fold logits elsewhere come from an encoder that saw those
    comments' labels, and would teach the stackers to trust it too much."""
    started = time.perf_counter()
    data_dir = data_dir or default_data_dir()
    sets = load(CLASSIFIER_SETS, data_dir)
    if not sets:
        raise FileNotFoundError(f"no training data found in {data_dir}")
    for name, examples in sets.items():
        log(f"loaded {name}: {len(examples)} examples")
    merged = merge_duplicates(e for examples in sets.values() for e in examples)
    examples = [e for e in with_lexicon_labels(merged) if e.labels and e.split == "train"]
    labels = trainable_labels(examples)
    log(f"training on {len(examples)} unique train-split comments; labels: {', '.join(labels)}")

    blend_fold = _folds(len(examples))[0][1]
    if finetune:
        _finetune(examples, labels, blend_fold, data_dir, out_dir / "encoder", log)
    stacker_rows = _stacker_rows(out_dir / "encoder", examples, blend_fold, log)

    texts = [prepare(e.text) for e in examples]
    word = TfidfVectorizer(min_df=2, max_features=WORD_FEATURES, **WORD_OPTIONS)
    char = TfidfVectorizer(min_df=3, max_features=CHAR_FEATURES, **CHAR_OPTIONS)
    from scipy.sparse import hstack

    sparse = hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
    ngram_heads, ngram_oof = fit_heads(sparse, examples, labels, dense=False)
    log(f"n-gram heads: {sparse.shape[1]} features ({time.perf_counter() - started:.0f} s)")

    encoder = SentenceEncoder.load(out_dir / "encoder")
    embeddings = encoder.encode(texts)
    embedding_heads, embedding_oof = fit_heads(embeddings, examples, labels, dense=True)
    log(
        f"embedding heads: {embeddings.shape[1]} dimensions ({time.perf_counter() - started:.0f} s)"
    )

    lexicon = lexicon_features([e.text for e in examples])
    stackers: dict[str, dict[str, Any]] = {}
    for category in labels:
        rows, y = _known(examples, category)
        keep = np.isin(rows, stacker_rows)
        rows, y = rows[keep], y[keep]
        if category == OFFENSIVE:
            rows, y = _umbrella_rows(examples, rows, y)
        zero = np.zeros(len(examples))
        stack = stack_features(
            category,
            ngram_oof,
            ngram_heads,
            embedding_oof,
            embedding_heads,
            lexicon.get(category, zero),
        )[rows]
        model = LogisticRegression(C=1.0, max_iter=1000, random_state=SEED).fit(stack, y)
        auc = roc_auc_score(y, model.predict_proba(stack)[:, 1])
        stackers[category] = {
            "coef": [round(float(c), 6) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
            "positives": int(y.sum()),
            "examples": len(y),
            "fit_roc_auc": round(float(auc), 4),
        }
        log(f"stacker {category}: {len(y)} comments, fit ROC-AUC {auc:.3f} (out-of-fold inputs)")

    span_sets = load(SPAN_SETS, data_dir)
    span_posts = [e for examples in span_sets.values() for e in examples]
    tagger, tagger_stats = train_tagger([e for e in span_posts if e.split == "train"])
    log(f"span tagger: {tagger_stats}")

    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out_dir / SPANS_FILE,
        coef=tagger.coef.astype(np.float16),
        intercept=np.float32(tagger.intercept),
        threshold=np.float32(tagger.threshold),
    )
    np.savez_compressed(
        out_dir / NGRAMS_FILE,
        word_vocab=word.get_feature_names_out().astype(str),
        word_idf=word.idf_.astype(np.float32),
        char_vocab=char.get_feature_names_out().astype(str),
        char_idf=char.idf_.astype(np.float32),
        heads=np.array(ngram_heads.names),
        coef=ngram_heads.coef.astype(np.float16),
        intercept=ngram_heads.intercept,
    )
    np.savez_compressed(
        out_dir / EMBEDDING_HEADS_FILE,
        heads=np.array(embedding_heads.names),
        coef=embedding_heads.coef,
        intercept=embedding_heads.intercept,
    )
    scorer = {"stackers": stackers, "abuse_categories": list(ABUSE_CATEGORIES)}
    (out_dir / SCORER_FILE).write_text(json.dumps(scorer, indent=2) + "\n", encoding="utf-8")
    manifest = _manifest(out_dir, {**sets, **span_sets}, len(examples))
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for name, entry in manifest["files"].items():
        log(f"wrote {out_dir / name} ({entry['bytes'] / 1e6:.1f} MB)")
    log(f"trained in {time.perf_counter() - started:.0f} s")
    return manifest


def _finetune(
    examples: Sequence[Example],
    labels: Sequence[str],
    blend_fold: NDArray[np.intp],
    data_dir: Path,
    encoder_dir: Path,
    log: Log,
) -> None:
    from talkback.moderation.training.export_encoder import export_encoder
    from talkback.moderation.training.finetune import finetune_encoder

    held_out = set(blend_fold.tolist())
    tuned_on = [e for n, e in enumerate(examples) if n not in held_out]
    log(f"fine-tuning the encoder on {len(tuned_on)} comments ({len(held_out)} held out)")
    with tempfile.TemporaryDirectory(prefix="talkback-finetune-") as tmp:
        info = finetune_encoder(tuned_on, labels, Path(tmp), log)
        info["held_out"] = {
            "fold": 0,
            "folds": FOLDS,
            "comments": len(held_out),
            "sha256": held_out_digest(examples, blend_fold),
        }
        card = export_encoder(encoder_dir, data_dir, fine_tuned=Path(tmp), fine_tuning=info)
    log(f"exported the fine-tuned encoder: fidelity {card['fidelity']['cosine']}")


def _stacker_rows(
    encoder_dir: Path, examples: Sequence[Example], blend_fold: NDArray[np.intp], log: Log
) -> NDArray[np.intp]:
    """Every row, or only the held-out fold when the encoder was fine-tuned on the others."""
    card = json.loads((encoder_dir / CARD_FILE).read_text(encoding="utf-8"))
    tuning = card.get("fine_tuning")
    if not tuning:
        return np.arange(len(examples))
    if tuning["held_out"]["sha256"] != held_out_digest(examples, blend_fold):
        log("the encoder was fine-tuned on other data: the stackers learn from every comment")
        return np.arange(len(examples))
    return blend_fold


def held_out_digest(examples: Sequence[Example], rows: NDArray[np.intp]) -> str:
    """Names the comments the encoder was not fine-tuned on."""
    keys = sorted(examples[n].key for n in rows.tolist())
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def _manifest(out_dir: Path, sets: dict[str, list[Example]], trained_on: int) -> dict[str, Any]:
    files = {}
    for name in (NGRAMS_FILE, EMBEDDING_HEADS_FILE, SCORER_FILE, SPANS_FILE, *ENCODER_FILES):
        path = out_dir / name
        files[name] = {
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "bytes": path.stat().st_size,
        }
    return {
        "seed": SEED,
        "folds": FOLDS,
        "data_sets": {name: len(examples) for name, examples in sets.items()},
        "train_split_comments": trained_on,
        "files": files,
        "scikit_learn": sklearn.__version__,
        "python": platform.python_version(),
    }
