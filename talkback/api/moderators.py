"""Moderators: a site's review queue and decisions, with a personal token. The same rules and
audit as the console: every decision goes through talkback.console.decisions.decide."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from talkback.api.auth import ModeratorAuth
from talkback.api.errors import ApiError
from talkback.api.schemas import (
    COMMON_ERRORS,
    DbId,
    ErrorOut,
    SiteSlug,
    StorableSchema,
)
from talkback.comments.models import Comment
from talkback.console.decisions import DecisionError, decide
from talkback.console.queue import PAGE_SIZE, Filters, review_queue
from talkback.console.roles import can_moderate
from talkback.moderation.taxonomy import APPROVE, CATEGORIES, REJECT
from talkback.newsroom.models import Site

router = Router(tags=["moderators"], auth=ModeratorAuth())

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON_ERRORS}
#: DecisionError's statuses as stable codes.
DECISION_CODES = {400: "bad_decision", 403: "forbidden", 404: "comment_missing", 409: "conflict"}


class QueueQuery(Schema):
    page: int = Field(1, ge=1)
    #: Only comments whose gravest suspicion is this category.
    category: str = ""
    article: DbId | None = None


class QueuedComment(Schema):
    id: int
    article_id: DbId
    article_title: str
    parent_id: int | None
    author_name: str
    #: A guest's email: moderators see it, nobody else does.
    author_email: str
    text: str
    created_at: datetime
    #: The gravest category the machine suspected ("" when it could not judge).
    review_category: str
    #: The machine's latest verdict: reasons, a score per category (null if it failed), spans.
    reasons: list[str]
    scores: dict[str, float | None]
    spans: list[dict[str, Any]]


class QueuePage(Schema):
    comments: list[QueuedComment]
    page: int
    has_next: bool


class DecisionIn(StorableSchema):
    #: approve or reject.
    decision: str = Field(json_schema_extra={"enum": [APPROVE, REJECT]})
    #: For a rejection, the guideline categories it breaks (at least one).
    reasons: list[str] = Field([], json_schema_extra={"items": {"enum": list(CATEGORIES)}})


class DecisionOut(Schema):
    id: int
    status: str


@router.get("/sites/{site_slug}/queue", response={200: QueuePage, **ERRORS})
def queue(request: HttpRequest, site_slug: SiteSlug, query: Query[QueueQuery]) -> dict[str, Any]:
    """The site's comments waiting for a moderator, in the console's order."""
    site = _moderated(request, site_slug)
    filters = Filters(category=query.category, article=query.article)
    page = Paginator(review_queue(site, filters), PAGE_SIZE).get_page(query.page)
    return {
        "comments": [_queued(comment) for comment in page.object_list],
        "page": page.number,
        "has_next": page.has_next(),
    }


@router.post(
    "/sites/{site_slug}/queue/{comment_id}/decision",
    response={200: DecisionOut, 409: ErrorOut, **ERRORS},
)
def decision(
    request: HttpRequest, site_slug: SiteSlug, comment_id: DbId, payload: DecisionIn
) -> dict[str, Any]:
    """Approve or reject a comment in review; of two moderators, the second gets 409."""
    site = _moderated(request, site_slug)
    moderator: User = request.auth  # type: ignore[attr-defined]
    try:
        comment = decide(site, comment_id, moderator, payload.decision, payload.reasons)
    except DecisionError as refused:
        code = DECISION_CODES.get(refused.status, "refused")
        raise ApiError(code, refused.message, refused.status) from None
    return {"id": comment.pk, "status": comment.status}


def _moderated(request: HttpRequest, site_slug: str) -> Site:
    user: User = request.auth  # type: ignore[attr-defined]
    site = Site.objects.filter(slug=site_slug).first()
    if site is None or not can_moderate(user, site):
        raise ApiError("forbidden", _("You do not moderate this site."), 403)
    return site


def _queued(comment: Comment) -> dict[str, Any]:
    machine = getattr(comment, "machine_verdicts", [])
    verdict = machine[0] if machine else None
    return {
        "id": comment.pk,
        "article_id": comment.article_id,
        "article_title": comment.article.title,
        "parent_id": comment.parent_id,
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "text": comment.text,
        "created_at": comment.created_at,
        "review_category": comment.review_category,
        "reasons": list(verdict.reasons) if verdict else [],
        "scores": dict(verdict.scores) if verdict else {},
        "spans": list(verdict.spans) if verdict else [],
    }
