from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from talkback.comments.models import ImmutableError, WriteOnce
from talkback.newsroom.models import Site


class Role(models.TextChoices):
    #: Works the site's queue and decides comments.
    MODERATOR = "moderator", "Moderator"
    #: A moderator who also manages the site's moderators and policy.
    ADMIN = "admin", "Site admin"


class SiteRole(models.Model):
    """What one person may do on one site. Staff need none: they may do everything."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="site_roles"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MODERATOR)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "user"], name="site_role_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} of {self.site}"


#: Categories one report of which is enough by default to send a comment back to a moderator.
SEVERE_DEFAULT = ["threat", "identity_abuse"]
#: A report's reason when none of the guidelines' categories fits; it needs a text.
OTHER = "other"


def default_severe() -> list[str]:
    return list(SEVERE_DEFAULT)


class SiteSettings(models.Model):
    """A site's console settings; a site without a row gets the defaults (see `for_site`)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="console_settings")
    #: Reports (of any reason) that send an approved comment back to a moderator.
    reports_to_requeue = models.PositiveSmallIntegerField(default=3)
    #: Reports naming a severe category that are enough on their own.
    severe_reports_to_requeue = models.PositiveSmallIntegerField(default=1)
    severe_categories = models.JSONField(default=default_severe, blank=True)
    #: Hide a reported comment from the thread until a moderator decides it.
    hide_reported = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "site settings"

    def __str__(self) -> str:
        return f"Console settings of {self.site}"

    @classmethod
    def for_site(cls, site: Site) -> SiteSettings:
        found = cls.objects.filter(site=site).first()
        return found if found is not None else cls(site=site)


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableError("Reports are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableError("Reports are append-only.")


class Report(models.Model):
    """A reader's report of a published comment. Append-only: never changed or deleted."""

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.PROTECT, related_name="reports"
    )
    #: "user:<id>" for a signed-in reader, "guest:<token>" for a guest's session.
    reporter = models.CharField(max_length=80)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    #: A taxonomy category code, or "other" with a text.
    reason = models.CharField(max_length=32)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_reader")
        ]

    def __str__(self) -> str:
        return f"Report of comment {self.comment_id}: {self.reason}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError("Reports are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableError("Reports are append-only.")


class Escalation(models.Model):
    """Reports sent a published comment back to the moderators; closed once, by the decision."""

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.PROTECT, related_name="escalations"
    )
    #: Whether the comment was hidden from the thread while it waits.
    hidden = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment"],
                condition=models.Q(closed_at=None),
                name="escalation_one_open_per_comment",
            )
        ]

    def __str__(self) -> str:
        return f"Comment {self.comment_id} reported back to the queue"


class AppealDecision(models.TextChoices):
    PENDING = "", "Waiting for a moderator"
    #: The rejection stands.
    UPHELD = "upheld", "Rejection upheld"
    #: The comment is published.
    OVERTURNED = "overturned", "Comment published"


class Appeal(WriteOnce):
    """The author's one appeal against a rejection, and its outcome (set once)."""

    comment = models.OneToOneField(
        "comments.Comment", on_delete=models.PROTECT, related_name="appeal"
    )
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(
        max_length=16, choices=AppealDecision.choices, default=AppealDecision.PENDING, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: models.Manager[Appeal] = models.Manager()

    write_once = "message"
    write_once_error = "An appeal's message never changes."

    def __str__(self) -> str:
        return f"Appeal of comment {self.comment_id}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableError("Appeals are never deleted.")
