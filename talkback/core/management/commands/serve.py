from __future__ import annotations

import logging
import os
import sys
import threading
import time
from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from talkback.comments.moderate import load_models, requeue_stale
from talkback.moderation.artifacts import ModelFileError

log = logging.getLogger(__name__)

#: How often the embedded server looks for comments whose moderation was lost, and how old
#: such a comment must be (older than any moderation still under way).
SWEEP_EVERY = timedelta(minutes=1)
STALE_AFTER = timedelta(minutes=1)


class Command(BaseCommand):
    help = (
        "Apply migrations and serve Talkback: with Django's server (the embedded configuration: "
        "one process, static files served by Django), or with --production, with gunicorn "
        "in several processes and static files served by WhiteNoise."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-migrate", action="store_true", help="skip applying migrations")
        parser.add_argument(
            "--production", action="store_true", help="serve with gunicorn (see --processes)"
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help="gunicorn worker processes (default: one per CPU)",
        )

    def handle(
        self, *args: Any, addrport: str, no_migrate: bool, production: bool, **options: Any
    ) -> None:
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        if production:
            serve_production(addrport, options["processes"])
        threading.Thread(target=sweep_forever, name="talkback-sweeper", daemon=True).start()
        call_command("runserver", addrport, use_reloader=False, insecure_serving=True)


def serve_production(addrport: str, processes: int) -> None:
    """Replace this process with gunicorn serving Talkback, once the model files are known good.

    Each gunicorn process loads the models itself on its first comment (ONNX Runtime's threads
    do not survive a fork), so the check here is what makes a bad model file stop the start.
    """
    try:
        load_models()
    except ModelFileError as error:
        raise CommandError(f"cannot load the moderation models: {error}") from error
    call_command("collectstatic", interactive=False, verbosity=0)
    gunicorn = [sys.executable, "-m", "gunicorn", "talkback.wsgi:application"]
    options = ["--bind", addrport, "--workers", str(processes)]
    sys.stdout.flush()
    os.execv(sys.executable, [*gunicorn, *options])


def sweep_forever() -> None:
    """Moderate again, every SWEEP_EVERY, the comments whose moderation was lost."""
    while True:
        try:
            count = requeue_stale(STALE_AFTER)
            if count:
                log.warning("moderated %d comment(s) left pending", count)
        except Exception:
            log.exception("could not sweep pending comments; will try again")
        finally:
            close_old_connections()
        time.sleep(SWEEP_EVERY.total_seconds())
