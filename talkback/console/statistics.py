"""A site's moderation figures over a period, each computed by the database with aggregates that
SQLite and PostgreSQL both run (no percentile functions, no JSON containment)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    Q,
    QuerySet,
    TextField,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone

from talkback.comments.models import Comment, Status, Verdict
from talkback.console.models import Action, AuditEntry
from talkback.moderation.taxonomy import APPROVE, CATEGORIES, REJECT, REVIEW
from talkback.newsroom.models import Site

#: The periods the statistics page offers, in days.
PERIODS = (7, 30, 90)
#: Decisions taken on comments (not undos, settings or team changes).
DECISIONS = (Action.REVIEW_DECISION, Action.REPORTED_DECISION, Action.APPEAL_DECISION)
STATUSES = (Status.APPROVED, Status.REJECTED, Status.REVIEW, Status.PENDING)
PERCENTILES = (50, 90, 99)


@dataclass(frozen=True)
class Day:
    day: date
    #: Comments posted that day, by their status now.
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ordered(self) -> list[int]:
        return [self.counts.get(status, 0) for status in STATUSES]


@dataclass(frozen=True)
class CategoryCount:
    code: str
    machine: int
    moderators: int


@dataclass(frozen=True)
class Throughput:
    username: str
    approved: int
    rejected: int
    undone: int


@dataclass(frozen=True)
class Overturns:
    code: str
    decided: int
    overturned: int

    @property
    def share(self) -> float:
        return self.overturned / self.decided if self.decided else 0.0


def since(days: int, now: datetime | None = None) -> datetime:
    """The start of a period of `days` whole UTC days ending today."""
    today = (now or timezone.now()).astimezone(UTC).date()
    return datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=UTC)


class UtcDate(Func):
    """The UTC calendar date of a datetime, by each database's native function (TruncDate calls
    back into Python for every row on SQLite)."""

    output_field = DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="date(%(expressions)s)", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "(%(expressions)s AT TIME ZONE 'UTC')::date"
        return self.as_sql(compiler, connection, template=template, **extra)


def comments_per_day(site: Site, start: datetime) -> list[Day]:
    """Comments posted on each UTC day from `start` to today, by their status now."""
    rows = (
        _comments(site, start)
        .annotate(day=UtcDate("created_at"))
        .values("day", "status")
        .annotate(n=Count("id"))
    )
    by_day: dict[date, dict[str, int]] = {}
    for row in rows:
        by_day.setdefault(row["day"], {})[row["status"]] = row["n"]
    first, last = start.astimezone(UTC).date(), timezone.now().astimezone(UTC).date()
    return [
        Day(first + timedelta(days=n), by_day.get(first + timedelta(days=n), {}))
        for n in range((last - first).days + 1)
    ]


def outcome_shares(site: Site, start: datetime) -> dict[str, int]:
    """Comments posted in the period by their status now."""
    counts = _comments(site, start).aggregate(
        **{str(status): Count("id", filter=Q(status=status)) for status in STATUSES}
    )
    return {status: counts[status] for status in STATUSES}


def rejections_per_category(site: Site, start: datetime) -> list[CategoryCount]:
    """Rejecting verdicts in the period naming each category, by the machine and by moderators."""
    verdicts = Verdict.objects.filter(
        comment__article__site=site, created_at__gte=start, decision=REJECT
    ).annotate(reasons_text=Cast("reasons", TextField()))
    counts = verdicts.aggregate(
        **{
            f"{code}__{who}": Count(
                "id",
                filter=Q(moderator__isnull=who == "machine", reasons_text__contains=f'"{code}"'),
            )
            for code in CATEGORIES
            for who in ("machine", "moderators")
        }
    )
    return [
        CategoryCount(code, counts[f"{code}__machine"], counts[f"{code}__moderators"])
        for code in CATEGORIES
    ]


def decision_times(site: Site, start: datetime) -> dict[int, timedelta | None]:
    """Percentiles (nearest rank) of the time from a comment's posting to a moderator's decision
    in the review queue, over the decisions of the period that were not undone.

    Neither database shares a percentile function with the other: count, then pick the ranks
    out of one sorted pass (ROW_NUMBER over the waits).
    """
    decisions = _decisions(site, start).filter(action=Action.REVIEW_DECISION)
    total = decisions.count()
    if not total:
        return dict.fromkeys(PERCENTILES)
    ranks = {p: max(1, math.ceil(p / 100 * total)) for p in PERCENTILES}
    wait = ExpressionWrapper(
        F("created_at") - F("comment__created_at"), output_field=DurationField()
    )
    rows = (
        decisions.annotate(wait=wait, rank=Window(RowNumber(), order_by=wait.asc()))
        .filter(rank__in=set(ranks.values()))
        .values_list("rank", "wait")
    )
    by_rank = dict(rows)
    return {p: by_rank[rank] for p, rank in ranks.items()}


def throughput(site: Site, start: datetime) -> list[Throughput]:
    """Each moderator's decisions in the period that stood, and how many they undid."""
    stood = Q(action__in=DECISIONS, undone_by__isnull=True)
    rows = (
        AuditEntry.objects.filter(site=site, created_at__gte=start)
        .values("actor__username")
        .annotate(
            approved=Count("id", filter=stood & Q(decision=APPROVE)),
            rejected=Count("id", filter=stood & Q(decision=REJECT)),
            undone=Count("id", filter=Q(action=Action.UNDO)),
        )
        .filter(Q(approved__gt=0) | Q(rejected__gt=0))
        .order_by("actor__username")
    )
    return sorted(
        (
            Throughput(row["actor__username"], row["approved"], row["rejected"], row["undone"])
            for row in rows
        ),
        key=lambda row: -(row.approved + row.rejected),
    )


def overturns(site: Site, start: datetime) -> list[Overturns]:
    """Per category at stake, how many moderator decisions went against the machine: approving
    what it suspected (sent to review) or rejected, or rejecting what it approved."""
    against = Q(machine__in=[REVIEW, REJECT], decision=APPROVE) | Q(
        machine=APPROVE, decision=REJECT
    )
    rows = (
        _decisions(site, start)
        .exclude(category="")
        .values("category")
        .annotate(decided=Count("id"), overturned=Count("id", filter=against))
    )
    found = {row["category"]: row for row in rows}
    return [
        Overturns(code, found[code]["decided"], found[code]["overturned"])
        for code in CATEGORIES
        if code in found
    ]


def _comments(site: Site, start: datetime) -> QuerySet[Comment]:
    return Comment.objects.filter(article__site=site, created_at__gte=start)


def _decisions(site: Site, start: datetime) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        site=site, created_at__gte=start, action__in=DECISIONS, undone_by__isnull=True
    )
