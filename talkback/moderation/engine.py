"""The moderation engine: comment (and its article) in, Verdict out.

Signals: the obfuscation-proof lexicons, and the trained classifiers (n-gram and sentence-embedding
heads, stacked and calibrated per category; see classifier.py). The classifiers read English
comments (and text with no letters to place); a comment in a language they do not read yet goes
to review with `unsupported_language`, unless a lexicon finds a clear violation in it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np

from talkback.moderation.classifier import Classifier
from talkback.moderation.features import windows
from talkback.moderation.language import detect_language
from talkback.moderation.lexicon import (
    QUOTED_SCORE_CAP,
    Lexicon,
    LexiconMatch,
    load_lexicon,
    match_scores,
)
from talkback.moderation.policy import Policy
from talkback.moderation.targets import targets_named
from talkback.moderation.taxonomy import (
    ABUSE_CATEGORIES,
    CATEGORIES,
    IDENTITY_ABUSE,
    PERSONAL_ATTACK,
    REJECT,
    REVIEW,
    UNSUPPORTED_LANGUAGE,
)
from talkback.moderation.verdict import Span, Verdict

ENGINE_VERSION = "2"

#: English swearing turns up in comments written in every language, so its lexicon always runs.
ALWAYS_ON_LEXICONS = ("en",)

#: Languages the trained classifiers read ("und": no letters to place, such as emoji alone).
MODEL_LANGUAGES = ("en", "und")


@dataclass(frozen=True)
class CommentInput:
    """What the engine reads: the comment's text and, when known, its context."""

    text: str
    article: str | None = None
    parent: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class _Reading:
    """What the engine found in one comment before the classifiers score it."""

    text: str
    lang: str
    matches: tuple[LexiconMatch, ...]
    lexicon_scores: dict[str, float]
    windows: tuple[str, ...]
    groups: tuple[str, ...]

    @property
    def modelled(self) -> bool:
        return self.lang in MODEL_LANGUAGES


@cache
def default_classifier() -> Classifier:
    """The shipped models, loaded once per process (they are read-only and thread-safe)."""
    return Classifier.load()


class Engine:
    """Turn comments into Verdicts under a site's policy; safe to share between threads."""

    def __init__(
        self, *, policy: Policy | None = None, classifier: Classifier | None = None
    ) -> None:
        self.policy = policy or Policy.default()
        self._classifier = classifier

    @cached_property
    def classifier(self) -> Classifier:
        """The models; loading them raises ModelFileError naming any missing or corrupt file."""
        return self._classifier or default_classifier()

    @cached_property
    def model_version(self) -> str:
        """Name the engine, the lexicon contents and the model artifacts, so every Verdict can
        be traced to exactly what produced it."""
        digest = hashlib.sha256()
        for lang in ALWAYS_ON_LEXICONS:
            lexicon = load_lexicon(lang)
            if lexicon is not None:
                digest.update(lexicon.fingerprint().encode())
        return (
            f"talkback-{ENGINE_VERSION}+lexicon.{digest.hexdigest()[:10]}"
            f"+models.{self.classifier.version}"
        )

    def moderate(self, comment: CommentInput, policy: Policy | None = None) -> Verdict:
        return self.moderate_batch([comment], policy)[0]

    def moderate_batch(
        self, comments: Sequence[CommentInput], policy: Policy | None = None
    ) -> list[Verdict]:
        """Moderate comments together: the classifiers score every window of every comment in
        one pass, which is what makes batches fast."""
        readings = [_read(comment) for comment in comments]
        model_scores = self._model_scores(readings)
        return [
            self._verdict(reading, scores, policy or self.policy)
            for reading, scores in zip(readings, model_scores, strict=True)
        ]

    def _model_scores(self, readings: Sequence[_Reading]) -> list[dict[str, float]]:
        batch: list[str] = []
        owner: list[int] = []
        for index, reading in enumerate(readings):
            if reading.modelled:
                batch.extend(reading.windows)
                owner.extend([index] * len(reading.windows))
        scores: list[dict[str, float]] = [{} for _ in readings]
        if not batch:
            return scores
        lexicon = {
            code: np.array([readings[i].lexicon_scores.get(code, 0.0) for i in owner])
            for code in CATEGORIES
        }
        by_window = self.classifier.score_windows(batch, lexicon)
        for category, probabilities in by_window.items():
            for index, probability in zip(owner, probabilities.tolist(), strict=True):
                # A comment breaks a guideline if any of its parts does.
                scores[index][category] = max(scores[index].get(category, 0.0), probability)
        return scores

    def _verdict(self, reading: _Reading, model: dict[str, float], policy: Policy) -> Verdict:
        scores = {code: _combine(code, model.get(code, 0.0), reading) for code in CATEGORIES}
        if reading.groups:
            # An insult aimed at a group named for who its people are is identity abuse
            # ("women are too stupid to vote"); the insult models cannot tell a group from a
            # person. Under the default policy this adds a reason, not a different decision.
            scores[IDENTITY_ABUSE] = max(scores[IDENTITY_ABUSE], scores[PERSONAL_ATTACK])
        decision, reasons = policy.decide(scores)
        if decision != REJECT and not reading.modelled:
            decision, reasons = REVIEW, (*reasons, UNSUPPORTED_LANGUAGE)
        targets = reading.groups if IDENTITY_ABUSE in reasons else ()
        return Verdict(
            decision=decision,
            reasons=reasons,
            scores=scores,
            model_version=self.model_version,
            lang=reading.lang,
            targets=targets,
            spans=self._spans(reading, reasons, scores),
        )

    def _spans(
        self, reading: _Reading, reasons: tuple[str, ...], scores: dict[str, float]
    ) -> tuple[Span, ...]:
        """The lexicon's matches and the tagger's words, each under the reason it supports: a
        lexicon match keeps its category and wins over tagged words it overlaps; a tagged word
        takes the most likely of the comment's abuse reasons."""
        lexicon_spans = {m.to_span() for m in reading.matches if m.code in reasons}
        spans = set(lexicon_spans)
        abuse = [code for code in reasons if code in ABUSE_CATEGORIES]
        if abuse and reading.modelled:
            likeliest = max(abuse, key=lambda code: scores[code])
            for start, end in self.classifier.tagger.spans(reading.text):
                if any(s.start < end and start < s.end for s in lexicon_spans):
                    continue
                spans.add(Span(start, end, likeliest))
        return tuple(sorted(spans))


def _read(comment: CommentInput) -> _Reading:
    lang = comment.lang or detect_language(comment.text)
    matches = tuple(m for lexicon in _lexicons_for(lang) for m in lexicon.find(comment.text))
    prepared = tuple(windows(comment.text))
    groups = targets_named(comment.text)
    return _Reading(comment.text, lang, matches, match_scores(matches), prepared, groups)


def _combine(code: str, model: float, reading: _Reading) -> float:
    """The classifier's score, raised to the lexicon's where the lexicon is surer (it sees
    through spellings the models never met). A term that only ever appears in quotation marks
    is being discussed: a person decides, whatever the models think of it."""
    lexicon = reading.lexicon_scores.get(code)
    if lexicon is None:
        return model
    combined = max(model, lexicon)
    if all(m.quoted for m in reading.matches if m.code == code):
        combined = min(combined, QUOTED_SCORE_CAP)
    return combined


def _lexicons_for(lang: str) -> list[Lexicon]:
    found = []
    for code in dict.fromkeys((*ALWAYS_ON_LEXICONS, lang)):
        lexicon = load_lexicon(code)
        if lexicon is not None:
            found.append(lexicon)
    return found
