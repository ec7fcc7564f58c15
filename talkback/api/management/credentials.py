"""What `talkback api-key` and `talkback api-token` share: create, list or revoke one owner's
credentials, printing a new secret once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from talkback.api.models import ApiKey, ModeratorToken

Credential = ApiKey | ModeratorToken


class CredentialCommand(BaseCommand):
    #: "key" or "token", as the messages name it.
    noun: str

    def add_owner_argument(self, parser: CommandParser) -> None:
        raise NotImplementedError

    def owner(self, options: dict[str, Any]) -> tuple[str, QuerySet[Any]]:
        """The owner named by the options, as the messages name it, and its credentials."""
        raise NotImplementedError

    def new(self, options: dict[str, Any], name: str) -> Credential:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_owner_argument(parser)
        parser.add_argument("--name", help=f"create a {self.noun} with this name (what it is for)")
        parser.add_argument(
            "--revoke", metavar="HINT", help=f"revoke the {self.noun} shown as HINT"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        owner, credentials = self.owner(options)
        if options["revoke"]:
            found = credentials.filter(key_hint=options["revoke"], revoked_at=None).first()
            if found is None:
                raise CommandError(f"No active {self.noun} {options['revoke']!r} of {owner}.")
            found.revoke()
            self.stdout.write(f"Revoked {found}.")
        elif options["name"]:
            credential = self.new(options, options["name"])
            secret = credential.issue()
            credential.save()
            self.stdout.write(
                f"API {self.noun} for {owner} (shown once, keep it secret):\n{secret}"
            )
        else:
            for credential in credentials.order_by("created_at"):
                state = "revoked" if credential.revoked_at else "active"
                self.stdout.write(f"{credential.key_hint}  {state:8}  {credential.name}")
