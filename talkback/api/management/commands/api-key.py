"""Create, list or revoke a site's publisher API keys; a new key is printed once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talkback.api.models import ApiKey
from talkback.newsroom.models import Site


class Command(BaseCommand):
    help = "Create (--name), list or revoke (--revoke HINT) a site's publisher API keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", required=True, help="the site's slug")
        parser.add_argument("--name", help="create a key with this name (what it is for)")
        parser.add_argument("--revoke", metavar="HINT", help="revoke the key shown as HINT")

    def handle(self, *args: Any, **options: Any) -> None:
        site = Site.objects.filter(slug=options["site"]).first()
        if site is None:
            raise CommandError(f"No site with slug {options['site']!r}.")
        keys = ApiKey.objects.filter(site=site)
        if options["revoke"]:
            key = keys.filter(key_hint=options["revoke"], revoked_at=None).first()
            if key is None:
                raise CommandError(f"No active key {options['revoke']!r} on {site.slug}.")
            key.revoke()
            self.stdout.write(f"Revoked {key}.")
        elif options["name"]:
            key = ApiKey(site=site, name=options["name"])
            secret = key.issue()
            key.save()
            self.stdout.write(f"API key for {site.slug} (shown once, keep it secret):\n{secret}")
        else:
            for key in keys.order_by("created_at"):
                state = "revoked" if key.revoked_at else "active"
                self.stdout.write(f"{key.key_hint}  {state:8}  {key.name}")
