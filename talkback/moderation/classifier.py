"""The trained statistical models: n-gram and sentence-embedding heads, stacked and calibrated.

For each prepared window of text the classifier computes:

- n-gram heads: logistic regressions on TF-IDF word 1-2-grams and character 2-5-grams;
- embedding heads: logistic regressions on the sentence encoder's embedding;
- per category, a calibrated stacker over both heads of that category, both heads of the
  `offensive` umbrella and the lexicon's score, so that a score of 0.8 means that about 80% of
  such comments broke that guideline on held-out data.

All artifacts are plain arrays (`.npz`, loaded with `allow_pickle=False`) and JSON: nothing
executable is unpickled, and `talkback train` rebuilds every file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from talkback.moderation.artifacts import MODELS_DIR, ModelFileError, load_arrays, load_json
from talkback.moderation.encoder import SentenceEncoder
from talkback.moderation.spans import SPANS_FILE, SpanTagger
from talkback.moderation.taxonomy import ABUSE_CATEGORIES

NGRAMS_FILE: Final = "ngrams.npz"
EMBEDDING_HEADS_FILE: Final = "embedding_heads.npz"
SCORER_FILE: Final = "scorer.json"
MANIFEST_FILE: Final = "manifest.json"

#: Shared by training and serving: the vectorisers are rebuilt from vocabulary and idf alone.
WORD_OPTIONS: Final[dict[str, Any]] = {
    "ngram_range": (1, 2),
    "sublinear_tf": True,
    "token_pattern": r"(?u)\b\w+\b|[^\w\s]",
    "dtype": np.float32,
}
CHAR_OPTIONS: Final[dict[str, Any]] = {
    "analyzer": "char_wb",
    "ngram_range": (2, 5),
    "sublinear_tf": True,
    "dtype": np.float32,
}

Matrix = NDArray[np.float32]

#: The umbrella head: "breaks some abuse guideline". Scored, never a reason (see datasets.py).
OFFENSIVE: Final = "offensive"


def vectoriser(vocabulary: Sequence[str], idf: NDArray[Any], options: Mapping[str, Any]) -> Any:
    """A fitted TF-IDF vectoriser from its vocabulary and idf weights."""
    fitted = TfidfVectorizer(vocabulary={term: n for n, term in enumerate(vocabulary)}, **options)
    fitted.idf_ = np.asarray(idf, dtype=np.float64)
    return fitted


@dataclass(frozen=True)
class LinearHeads:
    """Logistic-regression heads over one feature space: `features @ coef + intercept`."""

    names: tuple[str, ...]
    coef: Matrix
    intercept: Matrix

    def logits(self, features: Any) -> Matrix:
        result = features @ self.coef
        return np.asarray(result, dtype=np.float32) + self.intercept

    def column(self, name: str) -> int:
        return self.names.index(name)


@dataclass(frozen=True)
class NgramModel:
    word: Any
    char: Any
    heads: LinearHeads

    @classmethod
    def load(cls, path: Path) -> NgramModel:
        arrays = load_arrays(path)
        try:
            return cls(
                word=vectoriser(arrays["word_vocab"].tolist(), arrays["word_idf"], WORD_OPTIONS),
                char=vectoriser(arrays["char_vocab"].tolist(), arrays["char_idf"], CHAR_OPTIONS),
                heads=_heads(arrays),
            )
        except KeyError as error:
            raise ModelFileError(f"model file incomplete: {path}: no {error}") from error

    def features(self, texts: Sequence[str]) -> Any:
        from scipy.sparse import hstack

        return hstack([self.word.transform(texts), self.char.transform(texts)]).tocsr()

    def logits(self, texts: Sequence[str]) -> Matrix:
        return self.heads.logits(self.features(texts))


def load_heads(path: Path) -> LinearHeads:
    arrays = load_arrays(path)
    try:
        return _heads(arrays)
    except KeyError as error:
        raise ModelFileError(f"model file incomplete: {path}: no {error}") from error


def _heads(arrays: Mapping[str, NDArray[Any]]) -> LinearHeads:
    return LinearHeads(
        tuple(arrays["heads"].tolist()),
        arrays["coef"].astype(np.float32),
        arrays["intercept"].astype(np.float32),
    )


def stack_features(
    category: str,
    ngram: Matrix,
    ngram_heads: LinearHeads,
    embedded: Matrix,
    embedding_heads: LinearHeads,
    lexicon: NDArray[np.float64],
) -> Matrix:
    """The stacker's inputs for one category, one row per window: the category's own heads,
    the umbrella heads where the category has them, and the lexicon's score."""
    columns = [
        ngram[:, ngram_heads.column(category)],
        embedded[:, embedding_heads.column(category)],
    ]
    if category in ABUSE_CATEGORIES:
        columns += [
            ngram[:, ngram_heads.column(OFFENSIVE)],
            embedded[:, embedding_heads.column(OFFENSIVE)],
            lexicon.astype(np.float32),
        ]
    return np.column_stack(columns).astype(np.float32)


@dataclass(frozen=True)
class Stacker:
    """A calibrated logistic regression over a category's stack features."""

    coef: Matrix
    intercept: float

    def probability(self, features: Matrix) -> NDArray[np.float64]:
        z = features.astype(np.float64) @ self.coef.astype(np.float64) + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


@dataclass(frozen=True)
class Classifier:
    """Every trained model the engine scores with, loaded from one folder."""

    ngrams: NgramModel
    embedding_heads: LinearHeads
    stackers: dict[str, Stacker]
    encoder: SentenceEncoder
    tagger: SpanTagger
    version: str

    @classmethod
    def load(cls, directory: Path = MODELS_DIR) -> Classifier:
        scorer = load_json(directory / SCORER_FILE)
        try:
            stackers = {
                category: Stacker(
                    np.asarray(spec["coef"], dtype=np.float32), float(spec["intercept"])
                )
                for category, spec in scorer["stackers"].items()
            }
        except (KeyError, TypeError) as error:
            raise ModelFileError(f"model file incomplete: {directory / SCORER_FILE}") from error
        return cls(
            ngrams=NgramModel.load(directory / NGRAMS_FILE),
            embedding_heads=load_heads(directory / EMBEDDING_HEADS_FILE),
            stackers=stackers,
            encoder=_load_encoder(directory / "encoder"),
            tagger=SpanTagger.load(directory / SPANS_FILE),
            version=fingerprint(directory),
        )

    def score_windows(
        self, windows: Sequence[str], lexicon: Mapping[str, NDArray[np.float64]]
    ) -> dict[str, NDArray[np.float64]]:
        """Calibrated probability per category for each window of prepared text."""
        ngram = self.ngrams.logits(windows)
        embedded = self.embedding_heads.logits(self.encoder.encode(windows))
        zero = np.zeros(len(windows))
        return {
            category: stacker.probability(
                stack_features(
                    category,
                    ngram,
                    self.ngrams.heads,
                    embedded,
                    self.embedding_heads,
                    lexicon.get(category, zero),
                )
            )
            for category, stacker in self.stackers.items()
        }


def _load_encoder(directory: Path) -> SentenceEncoder:
    try:
        return SentenceEncoder.load(directory)
    except (FileNotFoundError, ValueError) as error:
        raise ModelFileError(str(error)) from error


def fingerprint(directory: Path) -> str:
    """A short digest of the manifest, which lists the sha256 of every artifact."""
    manifest = directory / MANIFEST_FILE
    try:
        return hashlib.sha256(manifest.read_bytes()).hexdigest()[:10]
    except FileNotFoundError as error:
        raise ModelFileError(f"model file missing: {manifest}") from error
