"""An article's published thread as the API serves it: keyset pages of top-level comments, each
with its published replies (threads are one reply level deep).

The cursor is the position of the last comment served (its time and id), so a page stays right
while comments are posted, and no page costs more than an index range scan.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Schema

from talkback.api.errors import ApiError
from talkback.comments.models import Comment
from talkback.newsroom.models import Article

#: Thread orders; the id breaks ties between comments posted in the same instant.
ORDERS = {"newest": ("-created_at", "-id"), "oldest": ("created_at", "id")}


class ReplyOut(Schema):
    id: int
    author_name: str
    text: str
    language: str
    created_at: datetime


class CommentOut(ReplyOut):
    replies: list[ReplyOut]


class ThreadPage(Schema):
    comments: list[CommentOut]
    #: Pass back as `cursor` for the next page; null on the last page.
    next_cursor: str | None


def thread_page(article: Article, order: str, cursor: str, limit: int) -> ThreadPage:
    public = Comment.objects.visible_to_public()
    top: QuerySet[Comment] = public.filter(article=article, parent=None).order_by(*ORDERS[order])
    if cursor:
        top = _after(top, order, *_decode(cursor))
    rows = list(
        top.prefetch_related(
            Prefetch("replies", queryset=public.order_by("created_at", "id"), to_attr="shown")
        )[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return ThreadPage(
        comments=[_comment_out(row) for row in rows],
        next_cursor=_encode(rows[-1]) if more else None,
    )


def _comment_out(comment: Comment) -> CommentOut:
    replies = [
        ReplyOut.model_validate(reply, from_attributes=True)
        for reply in getattr(comment, "shown", [])
    ]
    return CommentOut(
        id=comment.pk,
        author_name=comment.author_name,
        text=comment.text,
        language=comment.language,
        created_at=comment.created_at,
        replies=replies,
    )


def _after(
    comments: QuerySet[Comment], order: str, created_at: datetime, pk: int
) -> QuerySet[Comment]:
    if order == "newest":
        return comments.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
    return comments.filter(Q(created_at__gt=created_at) | Q(created_at=created_at, pk__gt=pk))


def _encode(comment: Comment) -> str:
    raw = json.dumps([comment.created_at.isoformat(), comment.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        when, pk = json.loads(raw)
        created_at = datetime.fromisoformat(when)
        if not isinstance(pk, int) or not 0 < pk < 2**63 or created_at.tzinfo is None:
            raise ValueError(cursor)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise ApiError("bad_cursor", _("The cursor is not one this API gave.")) from None
    return created_at, pk
