"""Bulk decisions: one decision applied to a selection of comments, each through the same function
as a single decision (so each is its own Verdict and audit entry, and each can be refused alone)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from talkback.console.appeals import decide_appeal
from talkback.console.audit import machine_verdict
from talkback.console.decisions import DecisionError, check_decision, decide
from talkback.moderation.taxonomy import APPROVE, CATEGORIES, REJECT
from talkback.newsroom.models import Site

#: The most comments one bulk decision takes: a page and then some.
MAX_SELECTION = 100
DECIDERS: dict[str, Callable[..., Any]] = {
    "review": decide,
    "reported": decide,
    "appeals": decide_appeal,
}


@dataclass
class BulkOutcome:
    decided: list[int] = field(default_factory=list)
    #: Why each refused comment was not decided, one message per comment.
    refused: list[str] = field(default_factory=list)


def decide_many(
    site: Site,
    tab: str,
    comment_ids: Sequence[int],
    moderator: User,
    decision: str,
    reasons: Sequence[str],
) -> BulkOutcome:
    """Decide each selected comment of `tab`'s queue.

    A rejection without reasons rejects each comment for the categories the machine suspected
    in it; a comment the machine suspected of nothing is then refused.
    """
    if tab not in DECIDERS:
        raise DecisionError("Choose a queue.", 400)
    if not comment_ids:
        raise DecisionError("Select at least one comment.", 400)
    if len(comment_ids) > MAX_SELECTION:
        raise DecisionError(f"Select at most {MAX_SELECTION} comments at once.", 400)
    if decision not in (APPROVE, REJECT):
        raise DecisionError("Choose approve or reject.", 400)
    if reasons:
        check_decision(decision, reasons)
    outcome = BulkOutcome()
    for comment_id in dict.fromkeys(comment_ids):
        chosen = list(reasons) or (_suspected(comment_id) if decision == REJECT else [])
        try:
            DECIDERS[tab](site, comment_id, moderator, decision, chosen)
        except DecisionError as refused:
            outcome.refused.append(f"Comment {comment_id}: {refused.message}")
        else:
            outcome.decided.append(comment_id)
    return outcome


def _suspected(comment_id: int) -> list[str]:
    verdict = machine_verdict(comment_id)
    return [code for code in verdict.reasons if code in CATEGORIES] if verdict else []
