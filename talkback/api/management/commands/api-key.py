"""Create, list or revoke a site's publisher API keys; a new key is printed once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db.models import QuerySet

from talkback.api.management.credentials import CredentialCommand
from talkback.api.models import ApiKey
from talkback.newsroom.models import Site


class Command(CredentialCommand):
    help = "Create (--name), list or revoke (--revoke HINT) a site's publisher API keys."
    noun = "key"

    def add_owner_argument(self, parser: CommandParser) -> None:
        parser.add_argument("--site", required=True, help="the site's slug")

    def owner(self, options: dict[str, Any]) -> tuple[str, QuerySet[Any]]:
        site = self._site(options)
        return site.slug, ApiKey.objects.filter(site=site)

    def new(self, options: dict[str, Any], name: str) -> ApiKey:
        return ApiKey(site=self._site(options), name=name)

    def _site(self, options: dict[str, Any]) -> Site:
        site = Site.objects.filter(slug=options["site"]).first()
        if site is None:
            raise CommandError(f"No site with slug {options['site']!r}.")
        return site
