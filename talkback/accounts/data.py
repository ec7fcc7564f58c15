"""A reader's own data: everything Talkback holds about an account, and its erasure.

Erasure keeps the record of what happened (comments, verdicts, reports, appeals and the audit stay,
as moderation history must) but removes who it was: the comments lose their author, display name
and email, and the account row is scrubbed and disabled instead of deleted, so no foreign key of
the audit trail ever dangles or blocks.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from talkback.comments.models import Comment
from talkback.comments.outcome import outcome_for_author
from talkback.console.models import Appeal, Report


def export(user: User) -> dict[str, Any]:
    """Return the account's data as JSON-ready values."""
    comments = Comment.objects.filter(author=user).select_related("article__site").order_by("id")
    appeals = {a.comment_id: a for a in Appeal.objects.filter(comment__author=user)}
    return {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "comments": [_comment(comment, appeals.get(comment.pk)) for comment in comments],
        "reports": [
            {
                "comment": report.comment_id,
                "reason": report.reason,
                "text": report.text,
                "created_at": report.created_at.isoformat(),
            }
            for report in Report.objects.filter(user=user).order_by("id")
        ],
    }


def _comment(comment: Comment, appeal: Appeal | None) -> dict[str, Any]:
    outcome = outcome_for_author(comment)
    return {
        "id": comment.pk,
        "site": comment.article.site.name,
        "article": comment.article.title,
        "article_url": comment.article.url,
        "parent": comment.parent_id,
        "author_name": comment.author_name,
        "text": comment.text,
        "created_at": comment.created_at.isoformat(),
        "status": outcome.status,
        "reasons": list(outcome.reasons),
        "appeal": appeal and {"message": appeal.message, "decision": appeal.decision},
    }


def erase(user: User) -> int:
    """Anonymise the account's comments and scrub the account; return the comments changed."""
    with transaction.atomic():
        changed = Comment.objects.filter(author=user).update(
            author=None, author_name=_("Deleted reader"), author_email=""
        )
        user.username = f"deleted-{user.pk}"
        user.email = user.first_name = user.last_name = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
    return changed
