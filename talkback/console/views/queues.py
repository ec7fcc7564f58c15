"""The queue tabs (review, reported, appeals) and the decisions taken on them: single, bulk and
undo; and a comment's history."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.views.decorators.http import require_GET, require_POST

from talkback.comments.models import Comment
from talkback.console.appeals import appeals_queue, decide_appeal, rejected_by
from talkback.console.bulk import decide_many
from talkback.console.decisions import DecisionError, decide
from talkback.console.models import OTHER, Appeal, Report
from talkback.console.queue import (
    PAGE_SIZE,
    CappedPaginator,
    Filters,
    cards,
    filtered_article,
    review_queue,
)
from talkback.console.reports import reported_queue
from talkback.console.roles import can_moderate, moderated_sites
from talkback.console.undo import UNDO_WINDOW, undo
from talkback.console.views.gate import moderator_of_site, site_context
from talkback.moderation.taxonomy import CATEGORIES, CATEGORY_LABELS, SYSTEM_REASONS
from talkback.newsroom.models import LANGUAGES, Site

#: Each queue tab's URL name.
TABS = {"review": "console_queue", "reported": "console_reported", "appeals": "console_appeals"}
#: The category filter's choices per tab: what the machine suspected, what readers reported,
#: what the comment was rejected for.
TAB_CATEGORIES = {
    "review": (*CATEGORIES, *SYSTEM_REASONS),
    "reported": (*CATEGORIES, OTHER),
    "appeals": CATEGORIES,
}
#: What approve and reject mean on each tab.
TAB_LABELS = {
    "review": ("Approve", "Reject"),
    "reported": ("Keep up", "Take down"),
    "appeals": ("Publish", "Uphold"),
}
#: The session key of the visitor's latest decisions, which the queue offers to undo.
UNDO_KEY = "console_undo"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "console/home.html", {"sites": moderated_sites(request.user)})


@require_GET
@moderator_of_site
def queue(request: HttpRequest, site: Site) -> HttpResponse:
    """Comments the machine sent to review, gravest and least sure first."""
    filters = Filters.from_params(request.GET)
    page = CappedPaginator(review_queue(site, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = _tab_context(request, site, "review", filters)
    context |= {"page": page, "cards": cards(site, list(page.object_list))}
    return render(request, "console/queue.html", context)


@require_GET
@moderator_of_site
def reported(request: HttpRequest, site: Site) -> HttpResponse:
    """Published comments readers reported back to the moderators, with their reports."""
    filters = Filters.from_params(request.GET)
    page = CappedPaginator(reported_queue(site, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = _tab_context(request, site, "reported", filters)
    context |= {"page": page, "cards": cards(site, list(page.object_list))}
    return render(request, "console/reported.html", context)


@require_GET
@moderator_of_site
def appeals(request: HttpRequest, site: Site) -> HttpResponse:
    """Rejected comments whose authors appealed, with the appeal and who rejected them."""
    filters = Filters.from_params(request.GET)
    page = CappedPaginator(appeals_queue(site, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    appeal_list = list(page.object_list)
    site_cards = cards(site, [appeal.comment for appeal in appeal_list])
    entries = [
        (appeal, card, rejected_by(appeal.comment))
        for appeal, card in zip(appeal_list, site_cards, strict=True)
    ]
    context = _tab_context(request, site, "appeals", filters)
    context |= {"page": page, "entries": entries}
    return render(request, "console/appeals.html", context)


def _tab_context(request: HttpRequest, site: Site, tab: str, filters: Filters) -> dict[str, Any]:
    labels = CATEGORY_LABELS | {OTHER: "Something else"}
    approve_label, reject_label = TAB_LABELS[tab]
    return site_context(request, site, tab) | {
        "approve_label": approve_label,
        "reject_label": reject_label,
        "reason_choices": [(code, CATEGORY_LABELS[code]) for code in CATEGORIES],
        "undo_seconds": int(UNDO_WINDOW.total_seconds()),
        "filters": filters,
        "filter_query": urlencode(filters.as_params()),
        # Rendered once here: every card's form carries them back.
        "hidden_filters": format_html_join(
            "", '<input type="hidden" name="{}" value="{}">', filters.as_params().items()
        ),
        "categories": [(code, labels[code]) for code in TAB_CATEGORIES[tab]],
        "article": filtered_article(site, filters),
        "languages": LANGUAGES,
        "undo": _pending_undo(request, site),
    }


@require_POST
@moderator_of_site
def decide_comment(request: HttpRequest, site: Site, comment_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    try:
        comment = decide(
            site,
            comment_id,
            request.user,
            request.POST.get("decision", ""),
            request.POST.getlist("reasons"),
        )
    except DecisionError as refused:
        return _refused(request, site, refused)
    _offer_undo(
        request, site, [comment.pk], f"{comment.get_status_display()}: comment {comment.pk}."
    )
    # 303: the browser follows with a GET, so a reload never posts the decision again.
    return HttpResponseRedirect(_back(request, site), status=303)


@require_POST
@moderator_of_site
def decide_appeal_view(request: HttpRequest, site: Site, comment_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    try:
        decide_appeal(
            site,
            comment_id,
            request.user,
            request.POST.get("decision", ""),
            request.POST.getlist("reasons"),
        )
    except DecisionError as refused:
        return _refused(request, site, refused, "appeals")
    return HttpResponseRedirect(_back(request, site, "appeals"), status=303)


@require_POST
@moderator_of_site
def bulk(request: HttpRequest, site: Site) -> HttpResponse:
    """Decide the selected comments of one tab; each refusal is listed, the rest recorded."""
    assert isinstance(request.user, User)
    tab = request.POST.get("tab", "review")
    decision = request.POST.get("decision", "")
    try:
        outcome = decide_many(
            site,
            tab,
            _ids(request.POST.getlist("comments")),
            request.user,
            decision,
            request.POST.getlist("reasons"),
        )
    except DecisionError as refused:
        return _refused(request, site, refused)
    done = "Approved" if decision == "approve" else "Rejected"
    summary = f"{done} {len(outcome.decided)} comment{'s' if len(outcome.decided) != 1 else ''}."
    if tab != "appeals" and outcome.decided:
        _offer_undo(request, site, outcome.decided, summary)
    elif outcome.decided:
        messages.success(request, summary)
    for message in outcome.refused:
        messages.error(request, message)
    return HttpResponseRedirect(_back(request, site), status=303)


@require_POST
@moderator_of_site
def undo_view(request: HttpRequest, site: Site) -> HttpResponse:
    """Undo the visitor's latest decisions on the listed comments (see talkback.console.undo)."""
    assert isinstance(request.user, User)
    request.session.pop(UNDO_KEY, None)
    undone, refusals = [], []
    for comment_id in _ids(request.POST.getlist("comments")):
        try:
            undone.append(undo(site, comment_id, request.user).pk)
        except DecisionError as refused:
            refusals.append(refused)
    if refusals:
        message = " ".join(refused.message for refused in refusals)
        return _refused(request, site, DecisionError(message, refusals[0].status))
    if not undone:
        return _refused(request, site, DecisionError("Nothing to undo.", 400))
    listed = ", ".join(str(pk) for pk in undone)
    messages.success(request, f"Undone: comment {listed} is back in the queue.")
    return HttpResponseRedirect(_back(request, site), status=303)


def _offer_undo(request: HttpRequest, site: Site, comment_ids: list[int], summary: str) -> None:
    request.session[UNDO_KEY] = {
        "site": site.slug,
        "comments": comment_ids,
        "summary": summary,
        "until": time.time() + UNDO_WINDOW.total_seconds(),
    }


def _pending_undo(request: HttpRequest, site: Site) -> dict[str, Any] | None:
    """The visitor's latest decisions on this site while they may still be undone."""
    pending: dict[str, Any] | None = request.session.get(UNDO_KEY)
    if not pending or pending.get("site") != site.slug or pending["until"] <= time.time():
        return None
    return pending | {"seconds_left": max(1, int(pending["until"] - time.time()))}


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _refused(
    request: HttpRequest, site: Site, refused: DecisionError, tab: str = "review"
) -> HttpResponse:
    context = {"site": site, "message": refused.message, "back": _back(request, site, tab)}
    return render(request, "console/refused.html", context, status=refused.status)


def _back(request: HttpRequest, site: Site, tab: str = "review") -> str:
    """The queue tab the decision came from, with its filters."""
    tab = request.POST.get("tab", tab)
    url = reverse(TABS.get(tab, TABS["review"]), kwargs={"site_slug": site.slug})
    query = urlencode(Filters.from_params(request.POST).as_params())
    return f"{url}?{query}" if query else url


@require_GET
def history(request: HttpRequest, comment_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    comment = get_object_or_404(
        Comment.objects.select_related("article__site", "parent", "author"), pk=comment_id
    )
    if not can_moderate(request.user, comment.article.site):
        raise PermissionDenied("You do not moderate this comment's site.")
    verdicts = comment.verdicts.select_related("moderator").order_by("created_at", "id")
    context = {
        "comment": comment,
        "verdicts": verdicts,
        "reports": Report.objects.filter(comment=comment)
        .select_related("user")
        .order_by("created_at", "id"),
        "appeal": Appeal.objects.filter(comment=comment).select_related("decided_by").first(),
    }
    return render(request, "console/history.html", context)
