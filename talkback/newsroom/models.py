from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import reverse

from talkback.moderation.policy import Policy

LANGUAGES = [
    ("en", "English"),
    ("ar", "Arabic"),
    ("fa", "Persian"),
    ("tr", "Turkish"),
    ("ckb", "Central Kurdish (Sorani)"),
    ("kmr", "Northern Kurdish (Kurmanji)"),
]


def validate_policy(value: Any) -> None:
    try:
        Policy.from_dict(value)
    except ValueError as exc:
        raise ValidationError(f"Invalid moderation policy: {exc}") from exc


def validate_origins(value: Any) -> None:
    """Accept a list of web origins such as "https://news.example" (scheme, host, port only)."""
    if not isinstance(value, list):
        raise ValidationError("Allowed origins must be a list of origins.")
    for origin in value:
        if not isinstance(origin, str) or normalise_origin(origin) != origin:
            raise ValidationError(
                f"{origin!r} is not an origin: write scheme://host[:port], lower case, "
                "with no path or trailing slash."
            )


def normalise_origin(origin: str) -> str:
    """Return `origin` as browsers send it in the Origin header, or "" if it is not one."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    if parts.path or parts.query or parts.fragment or parts.username:
        return ""
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


class Site(models.Model):
    """A publication whose articles carry comment threads, with its own moderation policy."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=64, unique=True)
    default_language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    #: Per-category thresholds over the defaults; see talkback.moderation.policy.Policy.from_dict.
    policy = models.JSONField(default=dict, blank=True, validators=[validate_policy])
    #: Web origins of the publisher's pages: they may frame the embed and call the API from
    #: browsers (CORS), e.g. ["https://news.example", "https://www.news.example"].
    allowed_origins = models.JSONField(default=list, blank=True, validators=[validate_origins])
    #: Let the embed create an article the first time a page shows it,
    #: from the data-article-* attributes of the script tag on an allowed origin.
    embed_creates_articles = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A bad policy must never reach the engine, whichever path wrote it.
        validate_policy(self.policy)
        validate_origins(self.allowed_origins)
        super().save(*args, **kwargs)

    def moderation_policy(self) -> Policy:
        return Policy.from_dict(self.policy)

    def allows_origin(self, origin: str) -> bool:
        return bool(origin) and origin in self.allowed_origins


class Article(models.Model):
    """A published article; readers comment under it while its comments are open."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="articles")
    #: The publisher's own identifier for the article (its CMS id or URL).
    external_id = models.CharField(max_length=255)
    url = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    published_at = models.DateTimeField(null=True, blank=True)
    comments_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "external_id"], name="article_unique_external_id"
            )
        ]
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article", kwargs={"site_slug": self.site.slug, "article_id": self.pk})

    def moderation_context(self) -> str:
        """Return the text the engine reads as this article's context."""
        return f"{self.title}\n\n{self.body}"


def get_article(site_slug: str, article_id: int) -> Article:
    """Return the site's article, or raise Http404."""
    return get_object_or_404(
        Article.objects.select_related("site"), pk=article_id, site__slug=site_slug
    )
