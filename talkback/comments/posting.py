"""Posting a comment: the one path the reader page and the JSON API share.

Validate everything first, then store the comment as pending and enqueue its moderation once the
transaction commits, so nothing is ever stored half-way and no comment skips moderation. If the
queue cannot take the task, the comment stays pending and the reader is told it is waiting; the
sweep for stale pending comments (`requeue_stale`) enqueues it once the queue is back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talkback.comments.models import AUTHOR_NAME_MAX_LENGTH, Comment
from talkback.comments.moderate import moderate_comment
from talkback.moderation.text import text_problem
from talkback.newsroom.models import Article

log = logging.getLogger(__name__)

#: What the reader is told about each of talkback.moderation.text's problems.
_PROBLEMS = {
    "empty": gettext_lazy("Your comment is empty."),
    "binary": gettext_lazy("Your comment contains NUL characters."),
    "not_unicode": gettext_lazy(
        "Your comment is not valid Unicode text (it holds a lone surrogate)."
    ),
}


class PostingError(Exception):
    """The caller's mistake: `code` is stable for API clients, `message` is for people."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Submission:
    text: str
    author_name: str = ""
    author_email: str = ""
    parent_id: int | None = None


def post_comment(article: Article, submission: Submission, user: User | AnonymousUser) -> Comment:
    """Store `submission` under `article` as pending and enqueue its moderation.

    Raise PostingError, having stored nothing, if the article is closed or the submission is bad.
    """
    if not article.comments_open:
        raise PostingError("comments_closed", _("Comments are closed on this article."), status=403)
    check_text(submission.text)
    name, email = _author(submission, user)
    with transaction.atomic():
        parent = _parent(article, submission.parent_id)
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            author=user if user.is_authenticated else None,
            author_name=name,
            author_email=email,
            text=submission.text,
        )
        transaction.on_commit(lambda: enqueue_moderation(comment.pk))
    return comment


def enqueue_moderation(comment_id: int) -> None:
    try:
        moderate_comment.enqueue(comment_id)
    except Exception:
        log.exception(
            "could not enqueue moderation of comment %s; it waits for the sweep", comment_id
        )


def check_text(text: str) -> None:
    """Raise PostingError unless `text` is a comment Talkback can store as written."""
    problem = text_problem(text)
    if problem:
        raise PostingError(
            problem, str(_PROBLEMS.get(problem, _("Your comment cannot be stored.")))
        )
    limit = settings.TALKBACK_MAX_COMMENT_LENGTH
    if len(text) > limit:
        raise PostingError(
            "too_long",
            _("Your comment is %(length)s characters long; the limit is %(limit)s.")
            % {"length": intcomma(len(text)), "limit": intcomma(limit)},
        )


def _author(submission: Submission, user: User | AnonymousUser) -> tuple[str, str]:
    if user.is_authenticated:
        name = user.get_full_name() or user.get_username()
        return name[:AUTHOR_NAME_MAX_LENGTH], ""
    name = submission.author_name.strip()
    if text_problem(name):
        raise PostingError("name_required", _("Please give the name to show with your comment."))
    if len(name) > AUTHOR_NAME_MAX_LENGTH:
        raise PostingError(
            "name_too_long",
            _("Your display name is too long (%(limit)s characters at most).")
            % {"limit": AUTHOR_NAME_MAX_LENGTH},
        )
    email = submission.author_email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise PostingError("email_invalid", _("Please give a valid email address.")) from None
    return name, email


def _parent(article: Article, parent_id: int | None) -> Comment | None:
    """Return the top-level comment a reply belongs under; threads are one reply level deep."""
    if parent_id is None:
        return None
    parent = Comment.objects.filter(pk=parent_id).select_related("parent").first()
    top = parent and (parent.parent or parent)
    if parent is None or top is None or not (parent.is_public and top.is_public):
        raise PostingError("parent_missing", _("The comment you are replying to does not exist."))
    if parent.article_id != article.pk:
        raise PostingError(
            "parent_elsewhere", _("The comment you are replying to belongs to another article.")
        )
    return top
