"""The moderation worker: django-tasks-db's queue, worked in batches.

django-tasks-db's own `db_worker` runs one task at a time. The engine is several times faster on a
batch, so this worker claims up to `batch_size` ready tasks at once with SELECT ... FOR UPDATE SKIP
LOCKED (two workers never wait on, nor claim, the same row), moderates their comments together,
and marks the tasks done. Any other task runs one at a time as `db_worker` would run it.

A worker that dies leaves its claimed tasks `RUNNING` and their comments `pending`. Every worker
sweeps now and then: once the queue has caught up (no ready task older than `stale_after`), a
comment still pending after `stale_after` has lost its task, and is enqueued again; tasks running
for longer than that are marked failed. A comment is decided once however many tasks name it
(`talkback.comments.moderate._record`).
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

from django.db import close_old_connections, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from talkback.comments.moderate import moderate_batch, moderate_comment, requeue_stale

log = logging.getLogger(__name__)


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped before finishing it."""


class BatchWorker(Worker):
    def __init__(
        self,
        *,
        worker_id: str,
        batch_size: int,
        interval: float,
        stale_after: timedelta,
        burst: bool = False,
        backend_name: str = "default",
    ) -> None:
        super().__init__(
            queue_names=["*"],
            interval=interval,
            batch=burst,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.batch_size = batch_size
        self.stale_after = stale_after
        self.next_sweep = 0.0

    def run(self) -> None:
        """Work batches until stopped (SIGTERM or SIGINT finish the batch under way first), or,
        in burst mode, until the queue is empty."""
        log.info("worker %s started", self.worker_id)
        while self.running:
            close_old_connections()
            if time.monotonic() >= self.next_sweep:
                self.sweep()
            done = self.process_batch()
            if not done and self.batch:
                return
            if not done and self.running:
                time.sleep(self.interval)

    def process_batch(self) -> int:
        """Claim and run up to `batch_size` ready tasks; return how many there were.

        A SIGTERM meanwhile lets the claimed comments be moderated before the worker stops."""
        self.running_task = True
        try:
            claimed = self.claim()
            moderation = [t for t in claimed if t.task_path == moderate_comment.module_path]
            others = [t for t in claimed if t.task_path != moderate_comment.module_path]
            if moderation:
                self.moderate(moderation)
            for task in others:
                self.run_task(task)
        finally:
            self.running_task = False
        return len(claimed)

    def claim(self) -> list[DBTaskResult[..., Any]]:
        ready = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        with exclusive_transaction(ready.db):
            claimed = list(ready.select_for_update(skip_locked=True)[: self.batch_size])
            for task in claimed:
                task.claim(self.worker_id)
        return claimed

    def moderate(self, tasks: list[DBTaskResult[..., Any]]) -> None:
        ids = [_comment_id(task) for task in tasks]
        try:
            statuses = moderate_batch(ids)
        except Exception as error:
            log.exception("moderation batch failed; its comments wait for the sweep")
            for task in tasks:
                task.set_failed(error)
            return
        with transaction.atomic(using=tasks[0]._state.db):  # One commit for the batch.
            for task, comment_id in zip(tasks, ids, strict=True):
                task.set_successful(statuses.get(comment_id))

    def sweep(self) -> None:
        """Enqueue again the comments whose task was lost; fail the tasks of dead workers."""
        self.next_sweep = time.monotonic() + self.stale_after.total_seconds()
        cutoff = timezone.now() - self.stale_after
        tasks = DBTaskResult.objects.filter(backend_name=self.backend_name)
        abandoned = tasks.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
        lost = abandoned.update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{__name__}.{WorkerLost.__name__}",
            traceback=f"{WorkerLost.__name__}: still running after {self.stale_after}",
        )
        if lost:
            log.warning("marked %d task(s) of stopped workers as failed", lost)
        if tasks.ready().filter(enqueued_at__lt=cutoff).exists():
            return  # A backlog: pending comments are still waiting their turn, not lost.
        count = requeue_stale(self.stale_after)
        if count:
            log.warning("enqueued moderation again for %d comment(s) left pending", count)


def _comment_id(task: DBTaskResult[..., Any]) -> int:
    args, kwargs = task.args_kwargs["args"], task.args_kwargs["kwargs"]
    return int(args[0] if args else kwargs["comment_id"])
