"""The audit log: one AuditEntry per action in the console, written by the function that performs
the action, inside its transaction; and the log's filters for the audit page and its CSV export."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet

from talkback.comments.models import Comment, Verdict
from talkback.comments.priority import severity
from talkback.console.models import Action, AuditEntry
from talkback.console.reports import REPORTS_VERSION
from talkback.moderation.taxonomy import CATEGORIES
from talkback.newsroom.models import Site


def record(
    site: Site,
    actor: User,
    action: str,
    *,
    comment: Comment | None = None,
    verdict: Verdict | None = None,
    undid: AuditEntry | None = None,
    **detail: Any,
) -> AuditEntry:
    """Append an entry for `actor`'s `action`; for a decision, with what the machine had said."""
    fields: dict[str, Any] = {}
    if verdict is not None and verdict.decision in ("approve", "reject"):
        machine = machine_verdict(verdict.comment_id)
        fields = {
            "decision": verdict.decision,
            "machine": machine.decision if machine else "",
            "category": gravest(machine.reasons if machine else []) or gravest(verdict.reasons),
        }
        detail.setdefault("reasons", verdict.reasons)
    return AuditEntry.objects.create(
        site=site,
        actor=actor,
        action=action,
        comment=comment,
        verdict=verdict,
        undid=undid,
        detail=detail,
        **fields,
    )


def machine_verdict(comment_id: int) -> Verdict | None:
    """The machine's latest judgement of the comment's text (hiding on reports is not one)."""
    return (
        Verdict.objects.filter(comment_id=comment_id, moderator=None)
        .exclude(model_version=REPORTS_VERSION)
        .order_by("-created_at", "-id")
        .first()
    )


def gravest(reasons: Sequence[str]) -> str:
    categories = [code for code in reasons if code in CATEGORIES]
    return max(categories, key=severity) if categories else ""


@dataclass(frozen=True)
class LogFilters:
    action: str = ""
    actor: str = ""
    comment: int | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> LogFilters:
        action = params.get("action", "")
        comment = params.get("comment", "").strip()
        return cls(
            action=action if action in Action.values else "",
            actor=params.get("actor", "").strip()[:150],
            comment=int(comment) if comment.isdigit() else None,
            since=_date(params.get("since", "")),
            until=_date(params.get("until", "")),
        )

    def as_params(self) -> dict[str, str]:
        values = {
            "action": self.action,
            "actor": self.actor,
            "comment": str(self.comment or ""),
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return {key: value for key, value in values.items() if value}


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def audit_log(site: Site, filters: LogFilters) -> QuerySet[AuditEntry]:
    """The site's audit entries matching `filters`, newest first."""
    entries = AuditEntry.objects.filter(site=site).select_related("actor")
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.actor:
        entries = entries.filter(actor__username__iexact=filters.actor)
    if filters.comment:
        entries = entries.filter(comment_id=filters.comment)
    if filters.since:
        entries = entries.filter(created_at__date__gte=filters.since)
    if filters.until:
        entries = entries.filter(created_at__date__lte=filters.until)
    return entries.order_by("-created_at", "-id")
