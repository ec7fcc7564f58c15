"""What the engine returns: a Verdict with its decision, reasons, scores and spans."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from talkback.moderation.taxonomy import CATEGORIES, DECISIONS, IDENTITY_TARGETS, REASON_CODES


@dataclass(frozen=True, order=True)
class Span:
    """Offending text at `text[start:end]` of the ORIGINAL comment, flagged under `code`."""

    start: int
    end: int
    code: str

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")
        if self.code not in CATEGORIES:
            raise ValueError(f"unknown category {self.code!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "code": self.code}


@dataclass(frozen=True)
class Verdict:
    """The engine's judgement of one comment.

    - `decision`: approve, reject or review.
    - `reasons`: the categories (or system reasons) behind a reject or review; empty on approve.
    - `scores`: a probability-like score in [0, 1] for EVERY taxonomy category.
    - `targets`: identity groups attacked, when `identity_abuse` is among the reasons.
    - `spans`: offending text in the original comment's offsets.
    - `lang`: the language the engine judged the comment to be in.
    - `model_version`: which artifacts produced this verdict.
    """

    decision: str
    reasons: tuple[str, ...]
    scores: dict[str, float]
    model_version: str
    lang: str
    targets: tuple[str, ...] = ()
    spans: tuple[Span, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.decision not in DECISIONS:
            raise ValueError(f"unknown decision {self.decision!r}")
        unknown = set(self.reasons) - set(REASON_CODES)
        if unknown:
            raise ValueError(f"unknown reasons {sorted(unknown)}")
        if set(self.scores) != set(CATEGORIES):
            raise ValueError("a verdict carries a score for every category, and only those")
        if any(not 0.0 <= s <= 1.0 for s in self.scores.values()):
            raise ValueError("scores lie in [0, 1]")
        if set(self.targets) - set(IDENTITY_TARGETS):
            raise ValueError(f"unknown targets {sorted(set(self.targets) - set(IDENTITY_TARGETS))}")

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of the `talkback moderate` contract (without the input id)."""
        return {
            "decision": self.decision,
            "reasons": list(self.reasons),
            "scores": {code: round(self.scores[code], 4) for code in CATEGORIES},
            "targets": list(self.targets),
            "spans": [span.to_dict() for span in self.spans],
            "lang": self.lang,
            "model_version": self.model_version,
        }
