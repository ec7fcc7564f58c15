"""Create, list or revoke a moderator's personal API tokens; a new token is printed once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from talkback.api.models import ModeratorToken


class Command(BaseCommand):
    help = "Create (--name), list or revoke (--revoke HINT) a moderator's API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the moderator's username")
        parser.add_argument("--name", help="create a token with this name (what it is for)")
        parser.add_argument("--revoke", metavar="HINT", help="revoke the token shown as HINT")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        tokens = ModeratorToken.objects.filter(user=user)
        if options["revoke"]:
            token = tokens.filter(key_hint=options["revoke"], revoked_at=None).first()
            if token is None:
                raise CommandError(f"No active token {options['revoke']!r} of {user}.")
            token.revoke()
            self.stdout.write(f"Revoked {token}.")
        elif options["name"]:
            token = ModeratorToken(user=user, name=options["name"])
            secret = token.issue()
            token.save()
            self.stdout.write(f"API token for {user} (shown once, keep it secret):\n{secret}")
        else:
            for token in tokens.order_by("created_at"):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.key_hint}  {state:8}  {token.name}")
