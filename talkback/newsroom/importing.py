"""Store extracted articles, updating an article already imported under the same external id."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.db import transaction
from django.db.models import CharField

from talkback.newsroom.extract import ExtractedArticle, extract_file
from talkback.newsroom.models import LANGUAGES, Article, Site

SUPPORTED_LANGUAGES = {code for code, _ in LANGUAGES}


def import_file(site: Site, path: Path) -> list[tuple[Article, bool]]:
    """Import every article in `path` into `site`; return (article, created) pairs.

    Raise ExtractionError, having stored nothing from that file, if the file holds no article.
    """
    extracted = extract_file(path)
    single = len(extracted) == 1
    with transaction.atomic():
        return [
            store(site, article, fallback_id=f"file:{path.name}" + ("" if single else f"#{n}"))
            for n, article in enumerate(extracted, start=1)
        ]


def store(site: Site, extracted: ExtractedArticle, *, fallback_id: str) -> tuple[Article, bool]:
    """Create or update the article under the source's id, else its URL, else `fallback_id`."""
    external_id = _fit(extracted.external_id or extracted.url or fallback_id)
    fields = {
        "title": extracted.title[: _max_length("title")],
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


def _max_length(field: str) -> int:
    model_field = Article._meta.get_field(field)
    assert isinstance(model_field, CharField) and model_field.max_length, field
    return model_field.max_length


def _fit(external_id: str) -> str:
    """Return `external_id`, or a stable digest of it when it is too long to store (long URLs)."""
    if len(external_id) <= _max_length("external_id"):
        return external_id
    return "sha256:" + hashlib.sha256(external_id.encode()).hexdigest()
