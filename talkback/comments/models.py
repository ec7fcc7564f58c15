from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from talkback.comments import thread_cache
from talkback.moderation.taxonomy import APPROVE, CATEGORIES, REJECT, REVIEW
from talkback.newsroom.models import Article


class ImmutableError(Exception):
    """Raised on an attempt to change what Talkback keeps as written: comment text, verdicts."""


class WriteOnce(models.Model):
    """A model whose `write_once` field never changes once stored: `save` refuses with
    `write_once_error` (database triggers refuse raw SQL where a migration adds them)."""

    write_once: ClassVar[str]
    write_once_error: ClassVar[str]
    #: The field's value as loaded from (or last saved to) the database.
    _stored_value: Any = None

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        instance._stored_value = instance.__dict__.get(cls.write_once)
        return instance

    def save(self, *args: Any, **kwargs: Any) -> None:
        stored = self._stored_value
        if not self._state.adding and stored is not None and stored != self._written():
            raise ImmutableError(self.write_once_error)
        super().save(*args, **kwargs)
        self._stored_value = self._written()

    def _written(self) -> Any:
        return getattr(self, self.write_once)


class Status(models.TextChoices):
    """Where a comment stands. Only a recorded Verdict moves it out of `pending`."""

    #: Stored, waiting for the machine's verdict.
    PENDING = "pending", _("Waiting for moderation")
    #: Published: visible to everyone in the thread.
    APPROVED = "approved", _("Published")
    #: Not published; the author sees the statement of reasons.
    REJECTED = "rejected", _("Rejected")
    #: The machine was unsure or failed; a moderator decides.
    REVIEW = "review", _("Waiting for a moderator")


STATUS_FOR_DECISION = {APPROVE: Status.APPROVED, REJECT: Status.REJECTED, REVIEW: Status.REVIEW}


#: The longest display name a commenter may choose.
AUTHOR_NAME_MAX_LENGTH = 80


def new_status_token() -> str:
    return secrets.token_urlsafe(24)


class CommentQuerySet(models.QuerySet["Comment"]):
    def update(self, **kwargs: Any) -> int:
        if "text" in kwargs:
            raise ImmutableError("A comment's text can never change after it is stored.")
        if kwargs.keys() & {"status", "author_name"}:
            # The threads that show these comments, before or after, are rendered afresh.
            shown = self if kwargs.get("status") == Status.APPROVED else self.visible_to_public()
            thread_cache.invalidate(
                shown.order_by().values_list("article_id", flat=True).distinct()
            )
        return super().update(**kwargs)

    def visible_to_public(self) -> CommentQuerySet:
        return self.filter(status=Status.APPROVED)


class Comment(WriteOnce):
    """A reader's comment, stored exactly as written and never edited."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="comments")
    #: The top-level comment this one replies to; threads are one reply level deep.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    #: The signed-in author, or NULL for a guest.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    author_name = models.CharField(max_length=AUTHOR_NAME_MAX_LENGTH)
    #: A guest's email; shown to moderators only.
    author_email = models.EmailField(blank=True)
    text = models.TextField()
    language = models.CharField(max_length=8, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    #: Lets a guest (or an API client) read the status of their own comment, and nothing else.
    status_token = models.CharField(max_length=64, default=new_status_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Where a comment in review stands in the moderators' queue; see talkback.comments.priority.
    review_category = models.CharField(max_length=32, blank=True)
    review_severity = models.PositiveSmallIntegerField(default=0)
    review_margin = models.FloatField(default=1.0)

    objects = CommentQuerySet.as_manager()

    write_once = "text"
    write_once_error = "A comment's text can never change after it is stored."

    class Meta:
        indexes = [
            # The thread page: an article's approved top-level comments, newest or oldest first.
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx"),
            # The moderators' queue: the gravest suspicion first, then the least sure, the oldest.
            models.Index(
                fields=["status", "-review_severity", "review_margin", "created_at"],
                name="comment_queue_idx",
            ),
            # A guest commenter's record on the console's cards (accounts use the author index).
            models.Index(fields=["author_email"], name="comment_author_email_idx"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author_name}"

    def get_absolute_url(self) -> str:
        return reverse("comment_status", kwargs={"comment_id": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status == Status.APPROVED

    def latest_verdict(self) -> Verdict | None:
        return self.verdicts.order_by("-created_at", "-id").first()


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Refuse bulk updates and deletes of an AppendOnly model's rows."""

    def update(self, **kwargs: Any) -> int:
        raise ImmutableError(self.model.append_only_error)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableError(self.model.append_only_error)


class AppendOnly(models.Model):
    """A model whose rows are written once and never changed or deleted: `save` of an existing
    row, `delete` and the queryset's `update` and `delete` raise `append_only_error` (database
    triggers refuse raw SQL where a migration adds them; see docs/adr/0002)."""

    append_only_error: ClassVar[str]

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError(self.append_only_error)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableError(self.append_only_error)


class Verdict(AppendOnly):
    """One decision on a comment, by the machine or a moderator. Append-only: never changed."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="verdicts")
    #: The moderator who decided, or NULL when the machine did.
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    #: The engine and artifact versions behind a machine verdict.
    model_version = models.CharField(max_length=100, blank=True)
    decision = models.CharField(
        max_length=8, choices=[(APPROVE, "Approve"), (REJECT, "Reject"), (REVIEW, "Review")]
    )
    #: Category codes (or system reasons such as system_error) behind the decision.
    reasons = models.JSONField(default=list)
    #: A score for every taxonomy category: the machine's, or null for each when it failed.
    scores = models.JSONField(default=dict)
    #: Identity groups attacked, for identity_abuse.
    targets = models.JSONField(default=list)
    #: Offending text as [{"start", "end", "code"}] in the comment's own offsets.
    spans = models.JSONField(default=list)
    #: What went wrong, when the machine could not judge.
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    append_only_error = "Verdicts are append-only."

    class Meta:
        indexes = [
            # A comment's machine verdicts, newest first (the console's cards); without it the
            # planner may walk the moderator index, where every machine verdict is NULL.
            models.Index(
                fields=["comment", "moderator", "-created_at"], name="verdict_comment_machine_idx"
            ),
            # Rejections in a period, for the console's statistics.
            models.Index(fields=["decision", "created_at"], name="verdict_decision_idx"),
        ]

    def __str__(self) -> str:
        who = self.moderator or "machine"
        return f"{self.decision} by {who} on comment {self.comment_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.moderator_id is None and set(self.scores) != set(CATEGORIES):
            raise ValueError("A machine verdict carries a score (or null) for every category.")
        super().save(*args, **kwargs)

    @property
    def by_machine(self) -> bool:
        return self.moderator_id is None
