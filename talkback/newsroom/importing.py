"""Store extracted articles, updating an article already imported under the same external id."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from talkback.newsroom.extract import ExtractedArticle, extract_file
from talkback.newsroom.models import LANGUAGES, Article, Site

SUPPORTED_LANGUAGES = {code for code, _ in LANGUAGES}


def import_file(site: Site, path: Path) -> list[tuple[Article, bool]]:
    """Import every article in `path` into `site`; return (article, created) pairs.

    Raise ExtractionError, having stored nothing from that file, if the file holds no article.
    """
    extracted = extract_file(path)
    with transaction.atomic():
        return [store(site, article, fallback_id=f"file:{path.name}") for article in extracted]


def store(site: Site, extracted: ExtractedArticle, *, fallback_id: str) -> tuple[Article, bool]:
    external_id = extracted.external_id or extracted.url or fallback_id
    fields = {
        "title": extracted.title[:500],
        "body": extracted.body,
        "url": extracted.url or "",
        "language": (
            extracted.language
            if extracted.language in SUPPORTED_LANGUAGES
            else site.default_language
        ),
        "published_at": extracted.published,
    }
    return Article.objects.update_or_create(site=site, external_id=external_id, defaults=fields)
