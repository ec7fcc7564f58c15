"""Readers' reports of published comments, and when they send a comment back to a moderator.

A report is append-only. When a comment's open reports (those since its last escalation was
decided) reach the site's number, or its number of reports naming a severe category, an
Escalation opens and the comment joins the site's `reported` queue. If the site hides reported
comments, the comment also moves to `review` through a recorded Verdict (never by editing it), so
the thread stops showing it until a moderator decides.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from talkback.comments.models import Comment, Status, Verdict
from talkback.console.models import OTHER, Escalation, Report, SiteSettings
from talkback.console.queue import Filters
from talkback.core import labels
from talkback.moderation.taxonomy import CATEGORIES, REPORTED, REVIEW
from talkback.newsroom.models import Site

#: The model version of the Verdict that hides a reported comment (its reason: REPORTED).
REPORTS_VERSION = "reader reports"
#: The longest text a report may carry.
REPORT_TEXT_MAX_LENGTH = 1000

REPORT_REASONS = [(code, labels.LABELS[code]) for code in CATEGORIES] + [
    (OTHER, labels.LABELS["other"])
]


class ReportError(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def reporter_key(user: AbstractBaseUser | AnonymousUser, guest_token: str) -> str:
    if user.is_authenticated:
        return f"user:{user.pk}"
    return f"guest:{guest_token}"


def report(
    comment: Comment,
    reporter: str,
    reason: str,
    text: str = "",
    user: User | None = None,
) -> Report:
    """Record one reader's report; escalate the comment when the site's setting says so."""
    text = text.strip()
    if reason not in CATEGORIES and reason != OTHER:
        raise ReportError(_("Choose a reason for the report."), 400)
    if reason == OTHER and not text:
        raise ReportError(_("Please say what is wrong with the comment."), 400)
    if len(text) > REPORT_TEXT_MAX_LENGTH:
        raise ReportError(
            _("Please keep a report under %(limit)s characters.")
            % {"limit": REPORT_TEXT_MAX_LENGTH},
            400,
        )
    if comment.status != Status.APPROVED:
        raise ReportError(_("Only a published comment can be reported."), 409)
    if Report.objects.filter(comment=comment, reporter=reporter).exists():
        raise ReportError(_("You have already reported this comment; thank you."), 409)
    try:
        with transaction.atomic():
            recorded = Report.objects.create(
                comment=comment, reporter=reporter, user=user, reason=reason, text=text
            )
            _maybe_escalate(comment)
    except IntegrityError as exc:
        raise ReportError(_("You have already reported this comment; thank you."), 409) from exc
    return recorded


def open_reports(comment: Comment) -> QuerySet[Report]:
    """The comment's reports since its last escalation was decided."""
    reports = Report.objects.filter(comment=comment)
    last = (
        Escalation.objects.filter(comment=comment)
        .exclude(closed_at=None)
        .order_by("-closed_at")
        .first()
    )
    if last is not None and last.closed_at is not None:
        reports = reports.filter(created_at__gt=last.closed_at)
    return reports


def _maybe_escalate(comment: Comment) -> None:
    if Escalation.objects.filter(comment=comment, closed_at=None).exists():
        return
    config = SiteSettings.for_site(comment.article.site)
    reasons = list(open_reports(comment).values_list("reason", flat=True))
    severe = sum(1 for reason in reasons if reason in config.severe_categories)
    if len(reasons) < config.reports_to_requeue and severe < config.severe_reports_to_requeue:
        return
    try:
        with transaction.atomic():
            Escalation.objects.create(comment=comment, hidden=config.hide_reported)
    except IntegrityError:
        return  # A report recorded at the same moment escalated it first.
    if not config.hide_reported:
        return
    with transaction.atomic():
        hidden = Comment.objects.filter(pk=comment.pk, status=Status.APPROVED).update(
            status=Status.REVIEW
        )
        if hidden:
            Verdict.objects.create(
                comment=comment,
                decision=REVIEW,
                reasons=[REPORTED],
                scores={code: None for code in CATEGORIES},
                model_version=REPORTS_VERSION,
            )
    if hidden:
        comment.status = Status.REVIEW


def reported_queue(site: Site, filters: Filters) -> QuerySet[Comment]:
    """The site's comments sent back by reports and not yet decided, oldest first; the category
    filter is a report's reason."""
    open_escalations = Escalation.objects.filter(closed_at=None).values("comment_id")
    machine = (
        Verdict.objects.filter(moderator=None)
        .exclude(model_version=REPORTS_VERSION)
        .order_by("-created_at", "-id")
    )
    queue = (
        # From the (few) open escalations to their comments, not through every comment.
        Comment.objects.filter(article__site=site, pk__in=open_escalations)
        .select_related("article__site", "parent")
        .prefetch_related(
            Prefetch("verdicts", queryset=machine, to_attr="machine_verdicts"),
            Prefetch("reports", queryset=Report.objects.order_by("created_at", "id")),
        )
        .annotate(report_count=Count("reports"))
        .order_by("created_at", "id")
    )
    return filters.apply(queue, _reported_for)


def _reported_for(code: str) -> Q:
    return Q(Exists(Report.objects.filter(comment=OuterRef("pk"), reason=code)))
