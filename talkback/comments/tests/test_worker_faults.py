"""Worker processes against the real PostgreSQL queue: racing workers, a worker killed."""

from __future__ import annotations

import signal

import pytest
from django.db.models import Count
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from talkback.comments.models import Comment, Status, Verdict
from talkback.comments.moderate import moderate_comment
from talkback.core.tests.processes import (
    postgres_only,
    talkback,
    wait_for_output,
    wait_until,
)

pytestmark = postgres_only


@pytest.fixture(autouse=True)
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def store_pending(article, count):
    return Comment.objects.bulk_create(
        Comment(article=article, author_name=f"Reader {n}", text=f"Comment {n} on the strikes.")
        for n in range(count)
    )


def verdicts_per_comment():
    return list(
        Verdict.objects.values("comment").annotate(n=Count("id")).values_list("n", flat=True)
    )


def start_workers(tmp_path, *names, options=()):
    """Start a worker per name, side by side; return them once all are ready."""
    logs = [tmp_path / f"{name}.log" for name in names]
    workers = [
        talkback("worker", "--worker-id", name, *options, log=log)
        for name, log in zip(names, logs, strict=True)
    ]
    for name, worker, log in zip(names, workers, logs, strict=True):
        wait_for_output(worker, log, f"Worker {name} moderating")
    return workers


def test_two_workers_racing_over_duplicate_tasks_decide_each_comment_once(article, tmp_path):
    workers = start_workers(tmp_path, "w1", "w2", options=["--batch", "1"])
    comments = store_pending(article, 50)
    # Each comment's two tasks side by side: the two workers claim them at the same moment.
    for comment in comments:
        moderate_comment.enqueue(comment.pk)
        moderate_comment.enqueue(comment.pk)

    try:
        wait_until(lambda: not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists())
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)

    assert not Comment.objects.filter(status=Status.PENDING).exists()
    assert verdicts_per_comment() == [1] * 50
    # Both took part.
    assert {tuple(ids) for ids in DBTaskResult.objects.values_list("worker_ids", flat=True)} == {
        ("w1",),
        ("w2",),
    }


def test_comments_of_a_worker_killed_mid_batch_are_moderated_by_another_once(article, tmp_path):
    comments = store_pending(article, 200)
    for comment in comments:
        moderate_comment.enqueue(comment.pk)
    (first,) = start_workers(tmp_path, "doomed", options=["--batch", "200"])

    wait_until(lambda: DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists())
    first.kill()
    first.wait(timeout=10)

    # It died with its batch claimed and not (or not all) decided.
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 200
    assert Comment.objects.filter(status=Status.PENDING).exists()
    (second,) = start_workers(tmp_path, "rescuer", options=["--stale-after", "0.5"])
    try:
        wait_until(lambda: not Comment.objects.filter(status=Status.PENDING).exists())
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
    assert verdicts_per_comment() == [1] * 200
    tasks = DBTaskResult.objects.values("status").annotate(n=Count("id"))
    assert {row["status"]: row["n"] for row in tasks} == {
        TaskResultStatus.FAILED: 200,
        TaskResultStatus.SUCCESSFUL: 200,
    }


def test_a_worker_told_to_stop_mid_batch_finishes_the_batch_first(article, tmp_path):
    comments = store_pending(article, 200)
    for comment in comments:
        moderate_comment.enqueue(comment.pk)
    (worker,) = start_workers(tmp_path, "deploying", options=["--batch", "200"])

    wait_until(lambda: DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists())
    worker.send_signal(signal.SIGTERM)

    assert worker.wait(timeout=60) == 0
    assert verdicts_per_comment() == [1] * 200
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }
