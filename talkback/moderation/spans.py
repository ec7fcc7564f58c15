"""The span tagger: which words of a comment are the offending ones.

A logistic regression over hashed features of each word and its neighbours, trained on the
SemEval-2021 toxic spans data (`talkback train`). It marks words, not categories: the engine
assigns each marked word to the category it was rejected under.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction import FeatureHasher

from talkback.moderation.artifacts import ModelFileError, load_arrays
from talkback.moderation.normalise import normalise

SPANS_FILE: Final = "spans.npz"
HASH_FEATURES: Final = 2**18

_TOKEN: Final = re.compile(r"\w+(?:['’*]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _shape(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "UPPER"
    if word[:1].isupper():
        return "Title"
    if not word[:1].isalnum():
        return "punct"
    return "lower"


def token_features(text: str) -> Iterator[list[str]]:
    """Feature strings for each token of `text`: the folded word, its affixes and shape, and the
    words around it (insults come in frames: "you <x>", "<x> like you")."""
    return _features(tokens(text))


def _features(found: Sequence[Token]) -> Iterator[list[str]]:
    folded = [normalise(t.text).text for t in found]
    padded = ["<s>", "<s>", *folded, "</s>", "</s>"]
    for n, token in enumerate(found):
        word = folded[n]
        yield [
            f"w={word}",
            f"p3={word[:3]}",
            f"s3={word[-3:]}",
            f"shape={_shape(token.text)}",
            f"w-1={padded[n + 1]}",
            f"w+1={padded[n + 3]}",
            f"w-2={padded[n]}",
            f"w+2={padded[n + 4]}",
            f"w-1|w={padded[n + 1]}|{word}",
            f"w|w+1={word}|{padded[n + 3]}",
        ]


def hasher() -> FeatureHasher:
    return FeatureHasher(n_features=HASH_FEATURES, input_type="string", alternate_sign=False)


@dataclass(frozen=True)
class SpanTagger:
    #: Float64, converted once at load rather than for every comment tagged.
    coef: NDArray[np.float64]
    intercept: float
    threshold: float

    @classmethod
    def load(cls, path: Path) -> SpanTagger:
        arrays = load_arrays(path)
        try:
            return cls(
                arrays["coef"].astype(np.float64),
                float(arrays["intercept"]),
                float(arrays["threshold"]),
            )
        except KeyError as error:
            raise ModelFileError(f"model file incomplete: {path}: no {error}") from error

    def probabilities(self, found: Sequence[Token]) -> NDArray[np.float64]:
        """How likely each token is to be offending."""
        rows = list(_features(found))
        if not rows:
            return np.zeros(0)
        z = hasher().transform(rows) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of the offending words, adjacent words joined into one span."""
        found = tokens(text)
        marked = [
            token
            for token, p in zip(found, self.probabilities(found), strict=True)
            if p >= self.threshold and token.text[:1].isalnum()
        ]
        return merge_ranges([(t.start, t.end) for t in marked], text)


def merge_ranges(ranges: Sequence[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join ranges separated only by spaces ("stupid idiot" is one span)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
