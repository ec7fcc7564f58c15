"""The reader's JSON endpoints: post a comment, read its status.

Errors are {"error": {"code": ..., "message": ...}} with a 4xx status. The API posts as a guest
and authenticates no one by cookie, so it needs no CSRF token; a comment's status is read with the
status token returned when it was posted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from talkback.comments.models import Comment
from talkback.comments.outcome import outcome_for_author
from talkback.comments.ownership import token_matches
from talkback.comments.posting import PostingError, Submission, post_comment
from talkback.newsroom.models import get_article

View = Callable[..., JsonResponse]

#: Bodies over this many bytes are refused before they are parsed.
MAX_BODY_BYTES = 64 * 1024


def error(code: str, message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


def allow(method: str) -> Callable[[View], View]:
    """Answer any other HTTP method with a JSON 405, as every API error is JSON."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
            if request.method != method:
                response = error("method_not_allowed", f"Use {method} here.", 405)
                response["Allow"] = method
                return response
            return view(request, *args, **kwargs)

        return checked

    return decorate


@csrf_exempt
@allow("POST")
def post(request: HttpRequest, site_slug: str, article_id: int) -> JsonResponse:
    try:
        article = get_article(site_slug, article_id)
    except Http404:
        return error("article_missing", "No such article.", 404)
    try:
        submission = _submission(request)
        comment = post_comment(article, submission, AnonymousUser())
    except PostingError as exc:
        return error(exc.code, exc.message, exc.status)
    comment.refresh_from_db()
    return JsonResponse(
        {**comment_status_dict(comment), "status_token": comment.status_token}, status=201
    )


@allow("GET")
def status(request: HttpRequest, comment_id: int) -> JsonResponse:
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None or not token_matches(request.GET.get("token"), comment):
        return error("comment_missing", "No such comment, or a wrong status token.", 404)
    return JsonResponse(comment_status_dict(comment))


def comment_status_dict(comment: Comment) -> dict[str, Any]:
    """Return what the author may know of their comment: status and statement of reasons."""
    outcome = outcome_for_author(comment)
    return {
        "id": comment.pk,
        "status": outcome.status,
        "reasons": list(outcome.reasons),
        "spans": list(outcome.spans),
        "text": comment.text,
    }


def _submission(request: HttpRequest) -> Submission:
    # Checked before request.body is read, so that no oversized body is ever held in memory.
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        raise PostingError("too_large", "The request body is too large.", 413)
    try:
        data = json.loads(request.body.decode("utf-8"))
    except UnicodeDecodeError:
        raise PostingError("not_utf8", "The request body is not valid UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise PostingError("bad_json", f"The request body is not valid JSON: {exc.msg}.") from None
    if not isinstance(data, dict):
        raise PostingError("bad_json", "The request body must be a JSON object.")
    fields = {"text": str, "author_name": str, "author_email": str, "parent": int}
    for name, kind in fields.items():
        value = data.get(name)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            raise PostingError("bad_field", f'"{name}" must be a {kind.__name__}.')
    return Submission(
        text=data.get("text") or "",
        author_name=data.get("author_name") or "",
        author_email=data.get("author_email") or "",
        parent_id=data.get("parent"),
    )
