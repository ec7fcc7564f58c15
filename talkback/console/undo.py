"""Undo: a moderator takes back their own decision within a few seconds of making it.

Nothing is deleted: the undo is a new Verdict by the moderator (decision `review`) that puts the
comment back in review, and an AuditEntry pointing at the decision it undid. A reported comment
goes back to the `reported` tab through a new escalation, hidden from the thread (it is in
review). Appeal decisions cannot be undone: the author has already been emailed.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from talkback.comments.models import Comment, Status, Verdict
from talkback.console.audit import record
from talkback.console.decisions import DecisionError
from talkback.console.models import Action, AuditEntry, Escalation
from talkback.moderation.taxonomy import REVIEW
from talkback.newsroom.models import Site

#: How long after a decision its moderator may undo it; checked on the server.
UNDO_WINDOW = timedelta(seconds=10)
UNDOABLE = (Action.REVIEW_DECISION, Action.REPORTED_DECISION)


def undo(site: Site, comment_id: int, moderator: User) -> Comment:
    """Put the comment back in review, if `moderator` made the latest decision on it less than
    UNDO_WINDOW ago; otherwise raise DecisionError and change nothing."""
    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update().filter(pk=comment_id, article__site=site).first()
        )
        if comment is None:
            raise DecisionError(f"Comment {comment_id} is not on {site.name}.", 404)
        decided = _undoable_entry(comment, moderator)
        Comment.objects.filter(pk=comment.pk).update(status=Status.REVIEW)
        if decided.action == Action.REPORTED_DECISION:
            Escalation.objects.create(comment=comment, hidden=True)
        verdict = Verdict.objects.create(comment=comment, moderator=moderator, decision=REVIEW)
        record(
            site,
            moderator,
            Action.UNDO,
            comment=comment,
            verdict=verdict,
            undid=decided,
        )
    comment.status = Status.REVIEW
    return comment


def _undoable_entry(comment: Comment, moderator: User) -> AuditEntry:
    latest = comment.latest_verdict()
    entry: AuditEntry | None = AuditEntry.objects.filter(verdict=latest).first() if latest else None
    if latest is None or entry is None or entry.action not in UNDOABLE:
        raise DecisionError(f"There is no decision on comment {comment.pk} to undo.", 409)
    if latest.moderator_id != moderator.pk:
        raise DecisionError(
            f"The latest decision on comment {comment.pk} is not yours; it was not undone.", 403
        )
    if timezone.now() - latest.created_at > UNDO_WINDOW:
        seconds = int(UNDO_WINDOW.total_seconds())
        raise DecisionError(
            f"Too late to undo the decision on comment {comment.pk}: a decision can be undone "
            f"for {seconds} seconds.",
            409,
        )
    return entry
