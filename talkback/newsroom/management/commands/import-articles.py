from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from talkback.newsroom.extract import ExtractionError
from talkback.newsroom.importing import import_file
from talkback.newsroom.models import Site


class Command(BaseCommand):
    help = (
        "Import articles from plain text, HTML pages or RSS/Atom feeds into a site, cleaning "
        "what scrapers leave (repeated paragraphs, comment-policy footers)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--site", required=True, help="slug of the site to import into")
        parser.add_argument(
            "--create-site", metavar="NAME", help="create the site if it is missing"
        )

    def handle(self, *args: Any, files: list[Path], site: str, **options: Any) -> None:
        target = self._site(site, options["create_site"])
        failures = 0
        for path in files:
            try:
                imported = import_file(target, path)
            except (ExtractionError, OSError) as exc:
                failures += 1
                self.stderr.write(f"{path}: {exc}")
                continue
            for article, created in imported:
                verb = "created" if created else "updated"
                self.stdout.write(f"{path}: {verb} article {article.pk} “{article.title}”")
        if failures:
            raise CommandError(f"{failures} of {len(files)} file(s) could not be imported")

    def _site(self, slug: str, create_name: str | None) -> Site:
        if create_name:
            return Site.objects.get_or_create(slug=slug, defaults={"name": create_name})[0]
        try:
            return Site.objects.get(slug=slug)
        except Site.DoesNotExist:
            raise CommandError(f"no site {slug!r}; pass --create-site NAME to create it") from None
