"""The site's audit log: a filtered page, and the same entries as a streamed CSV file. Read-only:
nothing here (nor in the admin) changes or deletes an entry."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from talkback.console.audit import LogFilters, audit_log
from talkback.console.models import Action, AuditEntry
from talkback.console.views.gate import moderator_of_site, site_context
from talkback.newsroom.models import Site

LOG_PAGE_SIZE = 50
CSV_HEADER = [
    "time",
    "actor",
    "action",
    "comment",
    "decision",
    "machine",
    "category",
    "reasons",
    "detail",
]
#: A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@require_GET
@moderator_of_site
def audit_log_page(request: HttpRequest, site: Site) -> HttpResponse:
    filters = LogFilters.from_params(request.GET)
    page = Paginator(audit_log(site, filters), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = site_context(request, site, "audit") | {
        "page": page,
        "filters": filters,
        "filter_query": urlencode(filters.as_params()),
        "actions": Action.choices,
    }
    return render(request, "console/audit.html", context)


@require_GET
@moderator_of_site
def audit_csv(request: HttpRequest, site: Site) -> StreamingHttpResponse:
    """Stream the filtered log as CSV, in constant memory however long it is."""
    entries = audit_log(site, LogFilters.from_params(request.GET))
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in _csv_rows(entries.iterator(chunk_size=2000)))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{site.slug}-{stamp}.csv"'
    return response


def _csv_rows(entries: Iterable[AuditEntry]) -> Iterator[list[str]]:
    yield CSV_HEADER
    for entry in entries:
        detail = dict(entry.detail)
        reasons = detail.pop("reasons", [])
        row = [
            entry.created_at.isoformat(),
            entry.actor.get_username(),
            entry.action,
            str(entry.comment_id or ""),
            entry.decision,
            entry.machine,
            entry.category,
            " ".join(reasons),
            json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else "",
        ]
        yield [safe_cell(cell) for cell in row]


def safe_cell(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: prefix such a cell with a quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Echo:
    """A file-like object whose write returns what it is given, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value
