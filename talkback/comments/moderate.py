"""The seam between stored comments and the moderation engine.

Posting stores a comment as `pending` and enqueues `moderate_comment`. The task asks the engine for
a Verdict and records it; if the engine raises or takes longer than TALKBACK_MODERATION_TIMEOUT,
the comment goes to `review` with reason `system_error`. A comment is never lost and never
published without a verdict: one whose task was lost or failed (the database was briefly
unavailable, the process died) stays pending, and `requeue_stale` enqueues it again.

Workers (`talkback worker`) call `moderate_batch` with many comments at once: the engine scores a
batch in one pass, which is where its throughput comes from.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from talkback.comments.models import STATUS_FOR_DECISION, Comment, Status, Verdict
from talkback.comments.priority import review_priority
from talkback.moderation import CommentInput, Engine
from talkback.moderation import Verdict as EngineVerdict
from talkback.moderation.classifier import Classifier
from talkback.moderation.taxonomy import CATEGORIES, REVIEW, SYSTEM_ERROR

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

# The engine runs in these threads so that a slow call can be abandoned at the timeout. Python
# cannot kill a thread: an abandoned call finishes in the background and its result is dropped.
# Sized above the embedded server's usual concurrency, so waiting for a free thread rarely eats
# into a comment's timeout.
_engine_threads = ThreadPoolExecutor(max_workers=8, thread_name_prefix="talkback-engine")


@cache
def get_engine() -> Engine:
    """The engine with the shipped models, or those in TALKBACK_MODELS_DIR. Loading is lazy:
    `engine.model_version` loads every model file, raising ModelFileError naming a bad one."""
    if settings.TALKBACK_MODELS_DIR:
        return Engine(classifier=Classifier.load(Path(settings.TALKBACK_MODELS_DIR)))
    return Engine()


def load_models() -> str:
    """Load every model file now, not on the first comment; return the engine's version.
    Raise ModelFileError naming a missing or corrupt file."""
    return get_engine().model_version


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


def moderate_batch(comment_ids: Sequence[int]) -> dict[int, str]:
    """Moderate the pending comments among `comment_ids` together; return every found comment's
    status afterwards. Comments already decided are left as they are, so a batch may hold
    duplicates and comments another worker decided meanwhile.

    If the engine fails on a batch, each of its comments is moderated alone: one comment that
    breaks the engine goes to review without taking the others with it.
    """
    comments = Comment.objects.select_related("article__site", "parent").filter(pk__in=comment_ids)
    statuses = {comment.pk: comment.status for comment in comments}
    by_site: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.status == Status.PENDING:
            by_site[comment.article.site_id].append(comment)
    for site_comments in by_site.values():
        policy = site_comments[0].article.site.moderation_policy()
        try:
            items = [_input(comment) for comment in site_comments]
            verdicts = _within_timeout(get_engine().moderate_batch, items, policy)
        except Exception:
            log.exception("batch moderation failed; moderating its comments one by one")
            statuses |= {c.pk: moderate_comment.call(c.pk) for c in site_comments}
            continue
        statuses |= record_machine_verdicts(list(zip(site_comments, verdicts, strict=True)))
    return statuses


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
    policy = comment.article.site.moderation_policy()
    return _within_timeout(get_engine().moderate, _input(comment), policy)


def _input(comment: Comment) -> CommentInput:
    return CommentInput(
        text=comment.text,
        article=comment.article.moderation_context(),
        parent=comment.parent.text if comment.parent else None,
        lang=comment.language or None,
    )


def _within_timeout(call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Return `call`'s result, or raise TimeoutError after TALKBACK_MODERATION_TIMEOUT seconds."""
    future = _engine_threads.submit(call, *args, **kwargs)
    timeout = settings.TALKBACK_MODERATION_TIMEOUT
    try:
        return future.result(timeout=timeout)
    except FutureTimeout:
        future.cancel()  # Still queued behind busy threads: never start it.
        raise TimeoutError(f"the engine took longer than {timeout:g} s") from None


def record_machine_verdict(comment: Comment, verdict: EngineVerdict) -> str:
    return record_machine_verdicts([(comment, verdict)])[comment.pk]


def record_machine_verdicts(decided: Sequence[tuple[Comment, EngineVerdict]]) -> dict[int, str]:
    """Store the machine's verdicts and the comments' new statuses in one transaction, so a
    worker's batch costs one commit; return each comment's status afterwards."""
    return _record(
        [
            (
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
                verdict.lang,
            )
            for comment, verdict in decided
        ]
    )


def record_failure(comment: Comment, error: str) -> str:
    verdict = Verdict(
        comment=comment,
        model_version=get_engine_version(),
        decision=REVIEW,
        reasons=[SYSTEM_ERROR],
        scores=dict.fromkeys(CATEGORIES),
        error=error,
    )
    return _record([(comment, verdict, "")])[comment.pk]


def get_engine_version() -> str:
    try:
        return get_engine().model_version
    except Exception:
        return "unavailable"


def _record(decisions: Sequence[tuple[Comment, Verdict, str]]) -> dict[int, str]:
    """Store each machine verdict (with the comment's language, if it has none) and the new
    status together, once: a comment no longer pending keeps its status and gets no verdict.

    The row locks and the status check make a second delivery of the same task, or two workers
    racing, a no-op; locks are taken in id order, so two workers' batches never deadlock.
    """
    ids = [comment.pk for comment, _, _ in decisions]
    with transaction.atomic():
        rows = Comment.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        locked = {row.pk: row for row in rows}
        for comment, verdict, language in decisions:
            row = locked[comment.pk]
            if row.status == Status.PENDING:
                row.status = _apply(comment, row, verdict, language)
    statuses = {pk: row.status for pk, row in locked.items()}
    for comment, _, _ in decisions:
        comment.status = statuses[comment.pk]
    return statuses


def _apply(comment: Comment, locked: Comment, verdict: Verdict, language: str) -> str:
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
    return status
