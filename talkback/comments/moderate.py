"""The seam between stored comments and the moderation engine.

Posting stores a comment as `pending` and enqueues `moderate_comment`. The task asks the engine for
a Verdict and records it; if the engine raises or takes longer than TALKBACK_MODERATION_TIMEOUT,
the comment goes to `review` with reason `system_error`. A comment is never lost and never
published without a verdict: one whose task was lost or failed (the database was briefly
unavailable, the process died) stays pending, and `requeue_stale` enqueues it again.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from talkback.comments.models import STATUS_FOR_DECISION, Comment, Status, Verdict
from talkback.comments.priority import review_priority
from talkback.moderation import CommentInput, Engine
from talkback.moderation import Verdict as EngineVerdict
from talkback.moderation.taxonomy import CATEGORIES, REVIEW, SYSTEM_ERROR

log = logging.getLogger(__name__)

# The engine runs in these threads so that a slow call can be abandoned at the timeout. Python
# cannot kill a thread: an abandoned call finishes in the background and its result is dropped.
# Sized above the embedded server's usual concurrency, so waiting for a free thread rarely eats
# into a comment's timeout.
_engine_threads = ThreadPoolExecutor(max_workers=8, thread_name_prefix="talkback-engine")


@cache
def get_engine() -> Engine:
    return Engine()


@task()
def moderate_comment(comment_id: int) -> str:
    """Moderate one pending comment; return its status afterwards.

    Delivered twice, or for a comment already decided, it changes nothing.
    """
    comment = Comment.objects.select_related("article__site", "parent").get(pk=comment_id)
    if comment.status != Status.PENDING:
        return comment.status
    try:
        verdict = judge(comment)
    except Exception as exc:
        log.exception("moderation failed for comment %s; sending it to review", comment_id)
        return record_failure(comment, f"{type(exc).__name__}: {exc}")
    return record_machine_verdict(comment, verdict)


def requeue_stale(older_than: timedelta) -> int:
    """Enqueue moderation again for comments pending longer than `older_than`; return how many.

    Safe to run at any time and from several places: the task decides each comment once.
    """
    cutoff = timezone.now() - older_than
    stale = Comment.objects.filter(status=Status.PENDING, created_at__lt=cutoff)
    ids = list(stale.order_by("created_at").values_list("pk", flat=True))
    for comment_id in ids:
        moderate_comment.enqueue(comment_id)
    return len(ids)


def judge(comment: Comment) -> EngineVerdict:
    """Run the engine on `comment` under its site's policy, within the configured timeout."""
    engine = get_engine()
    policy = comment.article.site.moderation_policy()
    item = CommentInput(
        text=comment.text,
        article=comment.article.moderation_context(),
        parent=comment.parent.text if comment.parent else None,
        lang=comment.language or None,
    )
    future = _engine_threads.submit(engine.moderate, item, policy)
    timeout = settings.TALKBACK_MODERATION_TIMEOUT
    try:
        return future.result(timeout=timeout)
    except FutureTimeout:
        future.cancel()  # Still queued behind busy threads: never start it.
        raise TimeoutError(f"the engine took longer than {timeout:g} s") from None


def record_machine_verdict(comment: Comment, verdict: EngineVerdict) -> str:
    return _record(
        comment,
        Verdict(
            comment=comment,
            model_version=verdict.model_version,
            decision=verdict.decision,
            reasons=list(verdict.reasons),
            scores=dict(verdict.scores),
            targets=list(verdict.targets),
            spans=[span.to_dict() for span in verdict.spans],
        ),
        language=verdict.lang,
    )


def record_failure(comment: Comment, error: str) -> str:
    return _record(
        comment,
        Verdict(
            comment=comment,
            model_version=get_engine_version(),
            decision=REVIEW,
            reasons=[SYSTEM_ERROR],
            scores=dict.fromkeys(CATEGORIES),
            error=error,
        ),
    )


def get_engine_version() -> str:
    try:
        return get_engine().model_version
    except Exception:
        return "unavailable"


def _record(comment: Comment, verdict: Verdict, *, language: str = "") -> str:
    """Store the machine's verdict and the new status together, once.

    The row lock and the status check make a second delivery of the same task a no-op.
    """
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.status != Status.PENDING:
            return locked.status
        verdict.comment = locked
        verdict.save()
        status = STATUS_FOR_DECISION[verdict.decision]
        changes: dict[str, str | int | float] = {"status": status}
        if language and not locked.language:
            changes["language"] = language
        if status == Status.REVIEW:
            policy = comment.article.site.moderation_policy()
            priority = review_priority(verdict.reasons, verdict.scores, policy)
            changes |= {
                "review_category": priority.category,
                "review_severity": priority.severity,
                "review_margin": priority.margin,
            }
        Comment.objects.filter(pk=locked.pk).update(**changes)
    comment.status = status
    return status
