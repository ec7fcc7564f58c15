from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from talkback.comments.models import AppendOnly, ImmutableError, WriteOnce
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


class Report(AppendOnly):
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

    append_only_error = "Reports are append-only."

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_reader")
        ]

    def __str__(self) -> str:
        return f"Report of comment {self.comment_id}: {self.reason}"


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


class Action(models.TextChoices):
    """What a moderator or site admin did; one AuditEntry each."""

    #: Approved or rejected a comment in the review queue.
    REVIEW_DECISION = "review_decision", "Decided a comment in review"
    #: Kept up or took down a comment readers reported.
    REPORTED_DECISION = "reported_decision", "Decided a reported comment"
    #: Published a comment on appeal, or upheld its rejection.
    APPEAL_DECISION = "appeal_decision", "Decided an appeal"
    #: Took back their own decision within the undo window; the comment went back to its queue.
    UNDO = "undo", "Undid a decision"
    #: Changed the site's thresholds or report settings; `detail` holds old and new values.
    SETTINGS_CHANGED = "settings_changed", "Changed the site settings"
    MODERATOR_ADDED = "moderator_added", "Added a moderator"
    MODERATOR_REMOVED = "moderator_removed", "Removed a moderator"


class AuditEntry(AppendOnly):
    """One action of a person in the console, written in the same transaction as the action.

    Append-only in the model layer and in the database (console migration 0003). Examples:

    - mo rejects comment 7 in review: action=review_decision, comment=7, verdict=mo's Verdict,
      decision=reject, machine=review, category=threat, detail={"reasons": ["threat"]};
    - mo undoes it: action=undo, comment=7, verdict=the new review Verdict,
      undid=the entry above;
    - ada adds zoe: action=moderator_added, detail={"username": "zoe", "role": "moderator"}.
    """

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=32, choices=Action.choices)
    comment = models.ForeignKey(
        "comments.Comment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The Verdict the action recorded, for decisions and undos.
    verdict = models.ForeignKey(
        "comments.Verdict", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: approve or reject, for decisions.
    decision = models.CharField(max_length=8, blank=True)
    #: The machine's decision on the comment (approve, review or reject) when it was decided.
    machine = models.CharField(max_length=8, blank=True)
    #: The category at stake: the machine's gravest suspicion, else the moderator's gravest reason.
    category = models.CharField(max_length=32, blank=True)
    #: For an undo, the decision it took back.
    undid = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="undone_by"
    )
    #: Reasons, old and new values, names: whatever the action needs to be read later.
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    append_only_error = "The audit log is append-only."

    class Meta:
        verbose_name_plural = "audit entries"
        indexes = [
            # The audit page and the statistics: one site's actions, newest first or by period.
            models.Index(fields=["site", "-created_at"], name="audit_site_created_idx"),
            models.Index(fields=["site", "action", "created_at"], name="audit_site_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} · {self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"
