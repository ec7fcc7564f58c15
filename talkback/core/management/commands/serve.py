from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


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
        call_command("runserver", addrport, use_reloader=False, insecure_serving=True)
