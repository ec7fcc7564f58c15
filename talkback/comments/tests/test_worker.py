"""The batch worker over django-tasks-db's queue, stepped in process (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from talkback.comments.models import Comment, Status
from talkback.comments.moderate import moderate_comment
from talkback.comments.posting import Submission, post_comment
from talkback.comments.worker import BatchWorker


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def make_worker(batch_size=10, stale_after=timedelta(minutes=5)):
    return BatchWorker(worker_id="w1", batch_size=batch_size, interval=0, stale_after=stale_after)


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post as a guest, running the on-commit enqueue as production does."""

    def post(article, text):
        submission = Submission(text=text, author_name="Gina", author_email="gina@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            return post_comment(article, submission, AnonymousUser())

    return post


def test_it_moderates_queued_comments_in_batches_and_marks_their_tasks_done(article, queue, post):
    texts = ["Thanks for the report.", "What a fucking joke.", "Clear and useful, thank you."]
    for text in texts:
        post(article, text)
    # Posting only enqueued: nothing is decided before a worker runs.
    assert set(Comment.objects.values_list("status", flat=True)) == {Status.PENDING}
    worker = make_worker(batch_size=2)

    assert worker.process_batch() == 2
    assert worker.process_batch() == 1
    assert worker.process_batch() == 0

    statuses = dict(Comment.objects.values_list("text", "status"))
    assert statuses == {
        texts[0]: Status.APPROVED,
        texts[1]: Status.REJECTED,
        texts[2]: Status.APPROVED,
    }
    tasks = DBTaskResult.objects.all()
    assert {t.status for t in tasks} == {TaskResultStatus.SUCCESSFUL}
    assert {t.return_value for t in tasks} == {Status.APPROVED, Status.REJECTED}
    assert all(t.worker_ids == ["w1"] for t in tasks)


def test_it_decides_a_comment_once_when_its_task_is_delivered_twice(article, queue, post):
    comment = post(article, "Thanks for the report.")
    moderate_comment.enqueue(comment.pk)

    assert make_worker().process_batch() == 2

    assert comment.verdicts.count() == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 2


def test_the_sweep_requeues_comments_whose_task_was_lost_and_fails_abandoned_tasks(article, queue):
    lost = Comment.objects.create(article=article, author_name="G", text="Thanks for this.")
    Comment.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    moderate_comment.enqueue(lost.pk)
    # A worker claimed that task ten minutes ago and never finished it.
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=10)
    )
    worker = make_worker()

    worker.sweep()
    worker.process_batch()

    lost.refresh_from_db()
    assert lost.status == Status.APPROVED and lost.verdicts.count() == 1
    abandoned, requeued = DBTaskResult.objects.order_by("enqueued_at")
    assert abandoned.status == TaskResultStatus.FAILED
    assert abandoned.exception_class_path == "talkback.comments.worker.WorkerLost"
    assert requeued.status == TaskResultStatus.SUCCESSFUL


def test_the_sweep_leaves_a_backlog_to_the_queue(article, queue):
    waiting = Comment.objects.create(article=article, author_name="G", text="Thanks for this.")
    moderate_comment.enqueue(waiting.pk)
    old = timezone.now() - timedelta(minutes=10)
    Comment.objects.filter(pk=waiting.pk).update(created_at=old)
    DBTaskResult.objects.update(enqueued_at=old)

    make_worker().sweep()

    # Its task is still in the queue, so it was not enqueued a second time.
    assert DBTaskResult.objects.count() == 1


def test_the_command_refuses_to_start_without_a_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    with pytest.raises(CommandError, match="TASKS_BACKEND=database"):
        call_command("worker", burst=True)
