"""Create, list or revoke a moderator's personal API tokens; a new token is printed once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import CommandError, CommandParser
from django.db.models import QuerySet

from talkback.api.management.credentials import CredentialCommand
from talkback.api.models import ModeratorToken


class Command(CredentialCommand):
    help = "Create (--name), list or revoke (--revoke HINT) a moderator's API tokens."
    noun = "token"

    def add_owner_argument(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the moderator's username")

    def owner(self, options: dict[str, Any]) -> tuple[str, QuerySet[Any]]:
        user = self._user(options)
        return str(user), ModeratorToken.objects.filter(user=user)

    def new(self, options: dict[str, Any], name: str) -> ModeratorToken:
        return ModeratorToken(user=self._user(options), name=name)

    def _user(self, options: dict[str, Any]) -> User:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        return user
