"""What the author of a comment is told about it: one rule for the page and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from talkback.comments.models import Comment, Status
from talkback.moderation.taxonomy import SYSTEM_REASONS


@dataclass(frozen=True)
class Outcome:
    """Where the author's comment stands.

    - `reasons`: for a rejection, the guidelines it broke (the statement of reasons); for a
      comment waiting for a moderator, why the machine could not judge it (system reasons only:
      a suspicion is not a finding); otherwise empty.
    - `spans`: for a rejection, the offending words as {"start", "end", "code"}.
    """

    status: str
    reasons: tuple[str, ...]
    spans: tuple[dict[str, Any], ...]


def outcome_for_author(comment: Comment) -> Outcome:
    verdict = comment.latest_verdict()
    if verdict is None or comment.status in (Status.PENDING, Status.APPROVED):
        return Outcome(comment.status, (), ())
    if comment.status == Status.REJECTED:
        return Outcome(comment.status, tuple(verdict.reasons), tuple(verdict.spans))
    system = tuple(code for code in verdict.reasons if code in SYSTEM_REASONS)
    return Outcome(comment.status, system, ())
