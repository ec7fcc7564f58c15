from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from talkback.core.load_demo import load


class Command(BaseCommand):
    help = (
        "Fill the database with demo sites, articles and N comments with their verdicts, fast "
        "(COPY on PostgreSQL): for measuring Talkback at scale. Adds to what is there."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--comments", type=int, required=True, metavar="N")
        parser.add_argument("--sites", type=int, default=3)
        parser.add_argument(
            "--per-article", type=int, default=500, metavar="N", help="comments per article"
        )
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        articles, comments = load(
            options["comments"],
            sites=options["sites"],
            per_article=options["per_article"],
            seed=options["seed"],
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Loaded {comments:,} comments under {articles:,} articles in {elapsed:.1f} s."
        )
