"""A moderator's decision on a comment in review: the one path the console, bulk actions (and later
the API) go through.

The status changes by a conditional UPDATE (only while the comment is still in review) in the same
transaction as the moderator's Verdict, so of two moderators deciding the same comment at once,
exactly one succeeds and the other is told who decided first; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from talkback.comments.models import STATUS_FOR_DECISION, Comment, Status, Verdict
from talkback.console.audit import record
from talkback.console.models import Action, Escalation
from talkback.moderation.taxonomy import APPROVE, CATEGORIES, REJECT
from talkback.newsroom.models import Site


class DecisionError(Exception):
    """A decision refused, with what to tell the moderator and the HTTP status that fits."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def check_decision(decision: str, reasons: Sequence[str]) -> list[str]:
    """Return the reasons to record, or raise DecisionError for a malformed decision."""
    if decision not in (APPROVE, REJECT):
        raise DecisionError("Choose approve or reject.", 400)
    unknown = sorted(set(reasons) - set(CATEGORIES))
    if unknown:
        raise DecisionError(f"Unknown reason codes: {', '.join(unknown)}.", 400)
    if decision == APPROVE:
        return []
    if not reasons:
        raise DecisionError("A rejection needs at least one reason from the guidelines.", 400)
    return [code for code in CATEGORIES if code in reasons]


def decide(
    site: Site, comment_id: int, moderator: User, decision: str, reasons: Sequence[str]
) -> Comment:
    """Record `moderator`'s decision on the site's comment in review; return the comment."""
    recorded = check_decision(decision, reasons)
    comment = Comment.objects.filter(pk=comment_id, article__site=site).first()
    if comment is None:
        raise DecisionError(f"Comment {comment_id} is not in the queue of {site.name}.", 404)
    status = STATUS_FOR_DECISION[decision]
    with transaction.atomic():
        # A comment readers reported back is decided by closing its escalation (at most one
        # moderator can); it may still be published, or hidden in review.
        reported = Escalation.objects.filter(comment=comment, closed_at=None).update(
            closed_at=timezone.now(), closed_by=moderator
        )
        if reported:
            Comment.objects.filter(pk=comment.pk).update(status=status)
        else:
            won = Comment.objects.filter(pk=comment.pk, status=Status.REVIEW).update(status=status)
            if not won:
                raise DecisionError(_why_not_in_review(comment), 409)
        verdict = Verdict.objects.create(
            comment=comment, moderator=moderator, decision=decision, reasons=recorded
        )
        action = Action.REPORTED_DECISION if reported else Action.REVIEW_DECISION
        record(site, moderator, action, comment=comment, verdict=verdict)
    comment.status = status
    return comment


def _why_not_in_review(comment: Comment) -> str:
    comment.refresh_from_db(fields=["status"])
    latest = comment.latest_verdict()
    if latest is not None and latest.moderator is not None:
        when = latest.created_at.strftime("%H:%M:%S UTC")
        return (
            f"Comment {comment.pk} was already decided by {latest.moderator.get_username()} "
            f"({latest.get_decision_display().lower()}, {when}); your decision was not recorded."
        )
    return (
        f"Comment {comment.pk} is not waiting for a moderator (it is "
        f"{comment.get_status_display().lower()}); your decision was not recorded."
    )
