from __future__ import annotations

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand

from talkback.comments.moderate import requeue_stale


class Command(BaseCommand):
    help = (
        "Moderate again the comments still pending after SECONDS (their task was lost or failed). "
        "`talkback serve` runs this every minute; at scale, run it from cron."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--older-than", type=int, default=60, metavar="SECONDS")

    def handle(self, *args: Any, older_than: int, **options: Any) -> None:
        count = requeue_stale(timedelta(seconds=older_than))
        self.stdout.write(f"Enqueued moderation for {count} pending comment(s).")
