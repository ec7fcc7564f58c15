"""The site's statistics page: charts drawn on the server, each with its figures as a table."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from talkback.comments.models import Status
from talkback.console import statistics as stats
from talkback.console.charts import Chart, Row, columns, horizontal_bars
from talkback.console.views.gate import moderator_of_site, site_context
from talkback.moderation.taxonomy import CATEGORY_LABELS
from talkback.newsroom.models import Site

DEFAULT_DAYS = 30
# Lazy labels, in the language of the page that shows them.
STATUS_LEGEND = [(f"fill-{status.value}", cast(str, status.label)) for status in stats.STATUSES]


@require_GET
@moderator_of_site
def statistics_page(request: HttpRequest, site: Site) -> HttpResponse:
    asked = request.GET.get("days", "")
    days = int(asked) if asked.isdigit() and int(asked) in stats.PERIODS else DEFAULT_DAYS
    start = stats.since(days)
    per_day = stats.comments_per_day(site, start)
    shares = stats.outcome_shares(site, start)
    rejections = stats.rejections_per_category(site, start)
    times = stats.decision_times(site, start)
    moderators = stats.throughput(site, start)
    overturns = stats.overturns(site, start)
    context = site_context(request, site, "statistics") | {
        "days": days,
        "periods": stats.PERIODS,
        "per_day": per_day,
        "per_day_chart": _per_day_chart(per_day),
        "shares": _shares(shares),
        "shares_chart": _shares_chart(shares),
        "rejections": rejections,
        "rejections_chart": _rejections_chart(rejections),
        "times": [(p, _duration(value)) for p, value in times.items()],
        "moderators": moderators,
        "moderators_chart": _moderators_chart(moderators),
        "overturns": overturns,
        "overturns_chart": _overturns_chart(overturns),
    }
    return render(request, "console/statistics.html", context)


def _per_day_chart(per_day: list[stats.Day]) -> Chart:
    bars = [
        (
            f"{day.day.day} {day.day:%b}",
            [
                (day.counts.get(status, 0), f"fill-{status}", str(Status(status).label).lower())
                for status in stats.STATUSES
            ],
        )
        for day in per_day
    ]
    return columns("Comments per day, by their status now", bars, STATUS_LEGEND)


def _shares(shares: dict[str, int]) -> list[tuple[str, int, str]]:
    total = sum(shares.values())
    return [
        (str(Status(status).label), n, f"{n / total:.0%}" if total else "–")
        for status, n in shares.items()
    ]


def _shares_chart(shares: dict[str, int]) -> Chart:
    total = sum(shares.values())
    rows = [
        Row(
            str(Status(status).label),
            [(n, f"fill-{status}", "comments")],
            f"{n / total:.0%} ({n})" if total else "0",
        )
        for status, n in shares.items()
    ]
    return horizontal_bars("Where the period's comments stand", rows, maximum=total or None)


def _rejections_chart(rejections: list[stats.CategoryCount]) -> Chart:
    rows = [
        Row(
            CATEGORY_LABELS[row.code],
            [
                (row.machine, "fill-machine", "by the machine"),
                (row.moderators, "fill-moderator", "by moderators"),
            ],
            str(row.machine + row.moderators),
        )
        for row in rejections
    ]
    legend = [("fill-machine", "By the machine"), ("fill-moderator", "By moderators")]
    return horizontal_bars("Rejections per category", rows, legend)


def _moderators_chart(moderators: list[stats.Throughput]) -> Chart:
    rows = [
        Row(
            row.username,
            [(row.approved, "fill-approve", "approved"), (row.rejected, "fill-reject", "rejected")],
            f"{row.approved + row.rejected} decisions",
        )
        for row in moderators
    ]
    legend = [("fill-approve", "Approved"), ("fill-reject", "Rejected")]
    return horizontal_bars("Decisions per moderator", rows, legend)


def _overturns_chart(overturns: list[stats.Overturns]) -> Chart:
    rows = [
        Row(
            CATEGORY_LABELS[row.code],
            [(row.share * 100, "fill-overturned", "% overturned")],
            f"{row.share:.0%} of {row.decided}",
        )
        for row in overturns
    ]
    return horizontal_bars("Moderators overturning the machine, per category", rows, maximum=100)


def _duration(value: timedelta | None) -> str:
    """A wait as a person reads it: 45 s, 12 min, 3.5 h, 2.1 days."""
    if value is None:
        return "–"
    seconds = value.total_seconds()
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 36 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"
