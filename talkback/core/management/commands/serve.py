from __future__ import annotations

import logging
import threading
import time
from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from talkback.comments.moderate import requeue_stale

log = logging.getLogger(__name__)

#: How often the embedded server looks for comments whose moderation was lost, and how old
#: such a comment must be (older than any moderation still under way).
SWEEP_EVERY = timedelta(minutes=1)
STALE_AFTER = timedelta(minutes=1)


class Command(BaseCommand):
    help = (
        "Apply migrations and serve Talkback with Django's server (the embedded configuration: "
        "one process, moderation inside the request, static files served by Django)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-migrate", action="store_true", help="skip applying migrations")

    def handle(self, *args: Any, addrport: str, no_migrate: bool, **options: Any) -> None:
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        threading.Thread(target=sweep_forever, name="talkback-sweeper", daemon=True).start()
        call_command("runserver", addrport, use_reloader=False, insecure_serving=True)


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
