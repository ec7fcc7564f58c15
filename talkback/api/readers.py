"""Readers: an article's published thread, posting, one's own comment's status, report, appeal.

Readers are guests here: nothing is authenticated by cookie (so no CSRF token is needed), a
comment's author proves it with the status token returned when it was posted.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from talkback.api.errors import ApiError
from talkback.api.ratelimit import limit
from talkback.api.schemas import (
    COMMON_ERRORS,
    DbId,
    ErrorOut,
    SiteSlug,
    StorableSchema,
    StrictSchema,
)
from talkback.api.thread import ThreadPage, thread_page
from talkback.comments.models import Comment
from talkback.comments.outcome import outcome_for_author
from talkback.comments.ownership import token_matches
from talkback.comments.posting import PostingError, Submission, post_comment
from talkback.console.appeals import AppealError, appeal
from talkback.console.models import OTHER, Appeal
from talkback.console.reports import ReportError, report, reporter_key
from talkback.lib.ratelimit import client_ip
from talkback.moderation.taxonomy import CATEGORIES
from talkback.newsroom.models import Article

router = Router(tags=["readers"])


class CommentIn(StrictSchema):
    text: str = ""
    #: A guest's display name, and email (never shown to readers).
    author_name: str = ""
    author_email: str = ""
    #: The id of the published comment this one replies to.
    parent: DbId | None = None


class Span(Schema):
    start: int
    end: int
    code: str


class AppealOut(Schema):
    #: "" while waiting, then "upheld" or "overturned".
    decision: str
    created_at: datetime


class StatusOut(Schema):
    id: int
    #: pending, approved, rejected or review.
    status: str
    #: The statement of reasons of a rejection (guideline codes), or why the machine could not
    #: judge a comment waiting for a moderator.
    reasons: list[str]
    spans: list[Span]
    text: str
    appeal: AppealOut | None


class PostedOut(StatusOut):
    #: Keep it: it reads this comment's status and appeals it. Shown once.
    status_token: str


class ThreadQuery(Schema):
    order: Literal["newest", "oldest"] = "newest"
    cursor: str = ""
    limit: int = Field(20, ge=1, le=100)


class ReportIn(StorableSchema):
    #: A guideline category code, or "other" with a text.
    reason: str = Field(json_schema_extra={"enum": [*CATEGORIES, OTHER]})
    text: str = ""
    #: The client's stable anonymous id for this reader, so one reader reports a comment once.
    reporter: str = Field("", max_length=128)


class ReportOut(Schema):
    recorded: bool


class AppealIn(StorableSchema):
    token: str
    message: str


@router.get(
    "/sites/{site_slug}/articles/{article_id}/comments",
    response={200: ThreadPage, 404: ErrorOut, **COMMON_ERRORS},
    url_name="thread",
)
def list_comments(
    request: HttpRequest, site_slug: SiteSlug, article_id: DbId, query: Query[ThreadQuery]
) -> ThreadPage:
    """List the article's published comments, top-level by `order`, each with its replies.

    Pages are keyset-paginated: pass `next_cursor` back as `cursor` for the next page.
    """
    return thread_page(_article(site_slug, article_id), query.order, query.cursor, query.limit)


@router.post(
    "/sites/{site_slug}/articles/{article_id}/comments",
    response={201: PostedOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut, **COMMON_ERRORS},
    url_name="post_comment",
)
def post(
    request: HttpRequest, site_slug: SiteSlug, article_id: DbId, payload: CommentIn
) -> Status[dict[str, Any]]:
    """Post a comment (or a reply, with `parent`) as a guest; it is moderated before anyone
    sees it. The answer carries its status and the token to read it again."""
    article = _article(site_slug, article_id)
    limit(request, "post", email=payload.author_email.strip())
    submission = Submission(
        text=payload.text,
        author_name=payload.author_name,
        author_email=payload.author_email,
        parent_id=payload.parent,
    )
    try:
        comment = post_comment(article, submission, AnonymousUser())
    except PostingError as exc:
        raise ApiError(exc.code, exc.message, exc.status) from None
    comment.refresh_from_db()
    return Status(201, {**status_dict(comment), "status_token": comment.status_token})


@router.get(
    "/comments/{comment_id}",
    response={200: StatusOut, 404: ErrorOut, **COMMON_ERRORS},
    url_name="comment_status",
)
def status(request: HttpRequest, comment_id: DbId, token: str = "") -> dict[str, Any]:
    """Read one's own comment's status and statement of reasons, with its status token."""
    return status_dict(_own(comment_id, token))


@router.post(
    "/comments/{comment_id}/reports",
    response={201: ReportOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut, **COMMON_ERRORS},
    url_name="report",
)
def report_comment(
    request: HttpRequest, comment_id: DbId, payload: ReportIn
) -> Status[dict[str, bool]]:
    """Report a published comment to the moderators; one reader reports a comment once."""
    comment = _comment(comment_id)
    limit(request, "report")
    # Without an id of their own, readers behind one address count as one reporter.
    who = payload.reporter or f"ip:{client_ip(request)}"
    guest = "api-" + hashlib.sha256(who.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    try:
        report(comment, reporter_key(AnonymousUser(), guest), payload.reason, payload.text)
    except ReportError as refused:
        code = "report_invalid" if refused.status == 400 else "report_refused"
        raise ApiError(code, refused.message, refused.status) from None
    return Status(201, {"recorded": True})


@router.post(
    "/comments/{comment_id}/appeal",
    response={201: StatusOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut, **COMMON_ERRORS},
    url_name="appeal",
)
def appeal_comment(
    request: HttpRequest, comment_id: DbId, payload: AppealIn
) -> Status[dict[str, Any]]:
    """Appeal the rejection of one's own comment, once, with a message."""
    comment = _own(comment_id, payload.token)
    limit(request, "appeal", email=comment.author_email)
    try:
        appeal(comment, payload.message)
    except AppealError as refused:
        code = "appeal_invalid" if refused.status == 400 else "appeal_refused"
        raise ApiError(code, refused.message, refused.status) from None
    return Status(201, status_dict(comment))


def status_dict(comment: Comment) -> dict[str, Any]:
    """Return what the author may know of their comment: status and statement of reasons."""
    outcome = outcome_for_author(comment)
    found = Appeal.objects.filter(comment=comment).first()
    return {
        "id": comment.pk,
        "status": outcome.status,
        "reasons": list(outcome.reasons),
        "spans": list(outcome.spans),
        "text": comment.text,
        "appeal": found and {"decision": found.decision, "created_at": found.created_at},
    }


def _article(site_slug: str, article_id: int) -> Article:
    found = Article.objects.select_related("site").filter(pk=article_id, site__slug=site_slug)
    article = found.first()
    if article is None:
        raise ApiError("article_missing", _("No such article."), 404)
    return article


def _comment(comment_id: int) -> Comment:
    comment = Comment.objects.select_related("article__site").filter(pk=comment_id).first()
    if comment is None:
        raise ApiError("comment_missing", _("No such comment."), 404)
    return comment


def _own(comment_id: int, token: str) -> Comment:
    comment = Comment.objects.select_related("article__site").filter(pk=comment_id).first()
    if comment is None or not token_matches(token, comment):
        raise ApiError("comment_missing", _("No such comment, or a wrong status token."), 404)
    return comment
