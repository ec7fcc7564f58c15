from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from talkback.moderation import Engine
from talkback.moderation.jsonl import run


class Command(BaseCommand):
    help = (
        "Moderate comments from JSON Lines (FILE, or - for standard input) and write one JSON "
        "verdict per line to standard output. Exits 1 if any line failed."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", nargs="?", default="-", help="JSON Lines input; - for stdin")
        parser.add_argument("--batch-size", type=int, default=256, help="lines per engine batch")

    def handle(self, *args: Any, file: str, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        engine = Engine()
        if file == "-":
            failed = run(sys.stdin.buffer, sys.stdout, engine, batch_size=batch_size)
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"{file}: no such file")
            with path.open("rb") as source:
                failed = run(source, sys.stdout, engine, batch_size=batch_size)
        if failed:
            sys.stderr.write(f'{failed} line(s) could not be moderated; see their "error".\n')
            sys.exit(1)
