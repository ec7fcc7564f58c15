"""How urgently a comment in review needs a moderator, stored with the comment so the queue can
be sorted by an index.

- `severity`: the rank of the gravest category the machine suspected (threat, then identity abuse,
  down to off-topic); 0 when it could not judge at all (system reasons), so those come after every
  suspected abuse.
- `margin`: how close the machine came to a threshold in the suspected categories (the smallest
  distance from a score to its review or reject threshold); the smaller, the less sure it was.
- `category`: the gravest suspected category, or the system reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from talkback.moderation.policy import Policy

#: Categories from least to most severe; a category's rank is its position plus one.
SEVERITY_ORDER: tuple[str, ...] = (
    "off_topic",
    "promotion",
    "profanity",
    "vulgarity",
    "personal_attack",
    "identity_abuse",
    "threat",
)


@dataclass(frozen=True)
class ReviewPriority:
    category: str
    severity: int
    margin: float


def severity(code: str) -> int:
    return SEVERITY_ORDER.index(code) + 1 if code in SEVERITY_ORDER else 0


def review_priority(
    reasons: Sequence[str], scores: Mapping[str, float | None], policy: Policy
) -> ReviewPriority:
    if not reasons:
        return ReviewPriority("", 0, 1.0)
    category = max(reasons, key=severity)
    margins = [
        min(abs(score - t.review), abs(t.reject - score))
        for code in reasons
        if (t := policy.thresholds.get(code)) is not None
        and (score := scores.get(code)) is not None
    ]
    return ReviewPriority(category, severity(category), round(min(margins, default=1.0), 6))
