"""Who may see a comment that is not public: its author, and nobody else.

Signed-in authors are recognised by account; guests by the comment ids remembered in their session
or by the comment's status token (handed to API clients when they post).
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest

from talkback.comments.models import Comment, Status

SESSION_KEY = "talkback_own_comments"
#: Enough for a busy reader; the oldest ids fall off first.
SESSION_LIMIT = 200


def remember(request: HttpRequest, comment: Comment) -> None:
    owned = [pk for pk in request.session.get(SESSION_KEY, []) if pk != comment.pk]
    request.session[SESSION_KEY] = (owned + [comment.pk])[-SESSION_LIMIT:]


def owns(request: HttpRequest, comment: Comment, token: str | None = None) -> bool:
    if comment.author_id is not None and comment.author_id == request.user.pk:
        return True
    if token and secrets.compare_digest(token, comment.status_token):
        return True
    return comment.pk in request.session.get(SESSION_KEY, [])


def own_unpublished(request: HttpRequest, article_id: int) -> list[Comment]:
    """Return the viewer's own comments under the article that nobody else can see."""
    hidden = Comment.objects.filter(article_id=article_id).exclude(status=Status.APPROVED)
    if request.user.is_authenticated:
        mine = hidden.filter(author=request.user)
    else:
        mine = hidden.filter(pk__in=request.session.get(SESSION_KEY, []), author=None)
    return list(mine.order_by("created_at").prefetch_related("verdicts"))
