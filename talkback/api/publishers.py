"""Publishers: a site's articles and moderation policy, with the site's API key."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import BaseModel

from talkback.api.auth import PublisherKey
from talkback.api.errors import ApiError
from talkback.api.models import ApiKey
from talkback.api.schemas import (
    COMMON_ERRORS,
    DbId,
    ErrorOut,
    SiteSlug,
    StorableSchema,
)
from talkback.moderation.policy import Policy
from talkback.moderation.taxonomy import CATEGORIES
from talkback.newsroom.models import Article, Site, validate_policy

router = Router(tags=["publishers"], auth=PublisherKey())

Language = Literal["en", "ar", "fa", "tr", "ckb", "kmr"]
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON_ERRORS}


class ArticleIn(StorableSchema):
    #: The publisher's own id for the article (its CMS id or URL): the upsert's key.
    external_id: str = Field(min_length=1, max_length=255)
    title: str = Field(min_length=1, max_length=500)
    url: str = Field("", max_length=1000)
    body: str = ""
    language: Language | None = None
    published_at: datetime | None = Field(None, strict=False)
    comments_open: bool = True


class ArticlePatch(StorableSchema):
    comments_open: bool


class ArticleOut(Schema):
    id: int
    external_id: str
    title: str
    url: str
    language: str
    published_at: datetime | None
    comments_open: bool


class Thresholds(BaseModel):
    # A plain pydantic model: ninja's Schema would read any object (even "high") by attributes.
    model_config = {"strict": True, "extra": "forbid"}

    #: At or over this score a comment goes to a moderator (default 0.5).
    review: float | None = Field(None, ge=0, le=1, strict=False)
    #: At or over this score a comment is rejected (default 0.8); never under `review`.
    reject: float | None = Field(None, ge=0, le=1, strict=False)


class PolicyIn(StorableSchema):
    #: Per category code: thresholds over the defaults, or null to disable the category.
    policy: dict[str, Thresholds | None] = Field(
        json_schema_extra={"propertyNames": {"enum": list(CATEGORIES)}}
    )


class PolicyOut(Schema):
    #: The site's own settings, as set.
    policy: dict[str, Any]
    #: The thresholds in force: the defaults with the site's settings over them.
    effective: dict[str, Any]


@router.post("/sites/{site_slug}/articles", response={200: ArticleOut, 201: ArticleOut, **ERRORS})
def upsert_article(
    request: HttpRequest, site_slug: SiteSlug, payload: ArticleIn
) -> Status[Article]:
    """Create the article with this `external_id`, or update it: 201 when created, else 200."""
    site = _site(request, site_slug)
    article = Article.objects.filter(site=site, external_id=payload.external_id).first()
    created = article is None
    article = article or Article(site=site, external_id=payload.external_id)
    fields = payload.model_dump(exclude={"external_id"})
    fields["language"] = fields["language"] or article.language or site.default_language
    for name, value in fields.items():
        setattr(article, name, value)
    _save(article)
    return Status(201 if created else 200, article)


@router.patch("/sites/{site_slug}/articles/{article_id}", response={200: ArticleOut, **ERRORS})
def open_or_close(
    request: HttpRequest, site_slug: SiteSlug, article_id: DbId, payload: ArticlePatch
) -> Article:
    """Open or close an article's comments."""
    site = _site(request, site_slug)
    article = Article.objects.filter(site=site, pk=article_id).first()
    if article is None:
        raise ApiError("article_missing", _("No such article."), 404)
    article.comments_open = payload.comments_open
    article.save(update_fields=["comments_open"])
    return article


@router.get("/sites/{site_slug}/policy", response={200: PolicyOut, **ERRORS})
def read_policy(request: HttpRequest, site_slug: SiteSlug) -> dict[str, Any]:
    return _policy_out(_site(request, site_slug))


@router.put("/sites/{site_slug}/policy", response={200: PolicyOut, **ERRORS})
def set_policy(request: HttpRequest, site_slug: SiteSlug, payload: PolicyIn) -> dict[str, Any]:
    """Replace the site's policy; the engine judges new comments by it at once."""
    site = _site(request, site_slug)
    policy = {
        code: None if thresholds is None else thresholds.model_dump(exclude_none=True)
        for code, thresholds in payload.policy.items()
    }
    try:
        validate_policy(policy)
    except ValidationError as exc:
        raise ApiError("bad_policy", " ".join(exc.messages)) from None
    site.policy = policy
    site.save(update_fields=["policy"])
    return _policy_out(site)


def _site(request: HttpRequest, site_slug: str) -> Site:
    key: ApiKey = request.auth  # type: ignore[attr-defined]
    if key.site.slug != site_slug:
        raise ApiError("forbidden", _("This API key belongs to another site."), 403)
    site: Site = key.site
    return site


def _save(article: Article) -> None:
    try:
        article.full_clean(exclude=["site"], validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApiError("bad_field", f'"{field}": {" ".join(messages)}') from None
    article.save()


def _policy_out(site: Site) -> dict[str, Any]:
    return {"policy": site.policy, "effective": Policy.from_dict(site.policy).to_dict()}
