from __future__ import annotations

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from talkback.comments.moderate import load_models
from talkback.comments.worker import BatchWorker
from talkback.moderation.artifacts import ModelFileError


class Command(BaseCommand):
    help = (
        "Moderate queued comments in batches (TASKS_BACKEND=database). Start as many as the "
        "machines allow, anywhere the database is reachable; SIGTERM stops one after its batch."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch",
            type=int,
            default=None,
            metavar="N",
            help="tasks claimed at once (default: TALKBACK_WORKER_BATCH)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=0.2,
            metavar="SECONDS",
            help="pause when the queue is empty",
        )
        parser.add_argument(
            "--stale-after",
            type=float,
            default=300,
            metavar="SECONDS",
            help="when a pending comment or a running task counts as lost",
        )
        parser.add_argument("--burst", action="store_true", help="exit once the queue is empty")
        parser.add_argument("--worker-id", default=None, help="unique per worker (default: random)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError("talkback worker needs TASKS_BACKEND=database.")
        try:
            version = load_models()
        except ModelFileError as error:
            raise CommandError(f"cannot load the moderation models: {error}") from error
        worker = BatchWorker(
            worker_id=options["worker_id"] or get_random_string(32),
            batch_size=options["batch"] or settings.TALKBACK_WORKER_BATCH,
            interval=options["interval"],
            stale_after=timedelta(seconds=options["stale_after"]),
            burst=options["burst"],
        )
        self.stdout.write(f"Worker {worker.worker_id} moderating with {version}")
        worker.configure_signals()
        worker.run()
