"""The moderation engine: comment (and its article) in, Verdict out.

Signals in this version: the obfuscation-proof lexicons for `profanity` and `vulgarity`. The
categories no shipped model covers yet score 0.0; languages without a lexicon go to review.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from talkback.moderation.language import detect_language
from talkback.moderation.lexicon import Lexicon, LexiconMatch, load_lexicon
from talkback.moderation.policy import Policy
from talkback.moderation.taxonomy import CATEGORIES, REVIEW, UNSUPPORTED_LANGUAGE
from talkback.moderation.verdict import Verdict

ENGINE_VERSION = "1"

#: A quoted swear word is usually being discussed, not used: cap its score at the default review
#: threshold so a person decides (GUIDELINES.md: "a judgement call: send to review").
QUOTED_SCORE_CAP = 0.5

#: English swearing turns up in comments written in every language, so its lexicon always runs.
ALWAYS_ON_LEXICONS = ("en",)


@dataclass(frozen=True)
class CommentInput:
    """What the engine reads: the comment's text and, when known, its context."""

    text: str
    article: str | None = None
    parent: str | None = None
    lang: str | None = None


class Engine:
    """Turn comments into Verdicts under a site's policy.

    Stateless apart from the lexicons it loads on first use; safe to share between threads.
    """

    def __init__(self, *, policy: Policy | None = None) -> None:
        self.policy = policy or Policy.default()

    @cached_property
    def model_version(self) -> str:
        """Name the engine and the exact lexicon contents, so every Verdict can be traced."""
        digest = hashlib.sha256()
        for lang in ALWAYS_ON_LEXICONS:
            lexicon = load_lexicon(lang)
            if lexicon is not None:
                digest.update(lexicon.fingerprint().encode())
        return f"talkback-{ENGINE_VERSION}+lexicon.{digest.hexdigest()[:10]}"

    def moderate(self, comment: CommentInput, policy: Policy | None = None) -> Verdict:
        lang = comment.lang or detect_language(comment.text)
        lexicons = _lexicons_for(lang)
        matches = [m for lexicon in lexicons.values() for m in lexicon.find(comment.text)]
        scores = _scores(matches)
        decision, reasons = (policy or self.policy).decide(scores)
        if decision != "reject" and lang not in lexicons:
            decision, reasons = REVIEW, reasons + (UNSUPPORTED_LANGUAGE,)
        spans = tuple(sorted({m.to_span() for m in matches if m.code in reasons}))
        return Verdict(
            decision=decision,
            reasons=reasons,
            scores=scores,
            model_version=self.model_version,
            lang=lang,
            spans=spans,
        )

    def moderate_batch(
        self, comments: Sequence[CommentInput], policy: Policy | None = None
    ) -> list[Verdict]:
        return [self.moderate(comment, policy) for comment in comments]


def _lexicons_for(lang: str) -> dict[str, Lexicon]:
    found = {}
    for code in (*ALWAYS_ON_LEXICONS, lang):
        lexicon = load_lexicon(code)
        if lexicon is not None:
            found[code] = lexicon
    return found


def _scores(matches: Iterable[LexiconMatch]) -> dict[str, float]:
    scores = dict.fromkeys(CATEGORIES, 0.0)
    for match in matches:
        weight = min(match.weight, QUOTED_SCORE_CAP) if match.quoted else match.weight
        scores[match.code] = max(scores[match.code], weight)
    return scores
