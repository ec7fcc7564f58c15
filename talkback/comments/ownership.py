"""Who may see a comment that is not public: its author, and nobody else.

Signed-in authors are recognised by account; guests by the comment ids remembered in their session
or by the comment's status token (handed to API clients when they post).
"""

from __future__ import annotations

import secrets

from django.db.models import Q
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
    if token_matches(token, comment):
        return True
    return comment.pk in request.session.get(SESSION_KEY, [])


def token_matches(token: str | None, comment: Comment) -> bool:
    if not token:
        return False
    # Compared as bytes: compare_digest refuses non-ASCII str, and a URL can carry anything.
    return secrets.compare_digest(token.encode(), comment.status_token.encode())


def own_unpublished(request: HttpRequest, article_id: int) -> list[Comment]:
    """Return the viewer's own comments under the article that nobody else can see."""
    hidden = Comment.objects.filter(article_id=article_id).exclude(status=Status.APPROVED)
    # Comments posted as a guest in this session stay the reader's after they sign in.
    mine = Q(pk__in=request.session.get(SESSION_KEY, []))
    if request.user.is_authenticated:
        mine |= Q(author=request.user)
    return list(hidden.filter(mine).order_by("created_at"))
