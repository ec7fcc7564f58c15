"""The console's pages. Each one checks the role first: anonymous visitors are sent to sign in,
people without the role on the site get 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from talkback.comments.models import Comment
from talkback.console.appeals import appeals_queue, decide_appeal, rejected_by
from talkback.console.decisions import DecisionError, decide
from talkback.console.models import Appeal, Report
from talkback.console.queue import PAGE_SIZE, Filters, cards, queue_articles, review_queue
from talkback.console.reports import reported_queue
from talkback.console.roles import can_moderate, moderated_sites
from talkback.moderation.taxonomy import CATEGORIES, CATEGORY_LABELS, SYSTEM_REASONS
from talkback.newsroom.models import Site

P = ParamSpec("P")
#: The queue tabs other than `review`, by the name a decision form posts back.
TABS = {"reported": "console_reported", "appeals": "console_appeals"}
SiteView = Callable[Concatenate[HttpRequest, Site, P], HttpResponse]


def moderator_of_site(view: SiteView[P]) -> Callable[..., HttpResponse]:
    """Give `view` the site named in the URL, once the visitor is known to moderate it."""

    @wraps(view)
    def check(
        request: HttpRequest, site_slug: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        site = get_object_or_404(Site, slug=site_slug)
        if not can_moderate(request.user, site):
            raise PermissionDenied(f"You do not moderate {site.name}.")
        return view(request, site, *args, **kwargs)

    return check


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "console/home.html", {"sites": moderated_sites(request.user)})


@require_GET
@moderator_of_site
def queue(request: HttpRequest, site: Site) -> HttpResponse:
    filters = Filters.from_params(request.GET)
    page = Paginator(review_queue(site, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "site": site,
        "page": page,
        "cards": cards(site, list(page.object_list)),
        "filters": filters,
        "filter_query": urlencode(filters.as_params()),
        "categories": [(code, CATEGORY_LABELS[code]) for code in (*CATEGORIES, *SYSTEM_REASONS)],
        "articles": queue_articles(site),
    }
    return render(request, "console/queue.html", context)


@require_POST
@moderator_of_site
def decide_comment(request: HttpRequest, site: Site, comment_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    try:
        decide(
            site,
            comment_id,
            request.user,
            request.POST.get("decision", ""),
            request.POST.getlist("reasons"),
        )
    except DecisionError as refused:
        context = {"site": site, "message": refused.message, "back": _back(request, site)}
        return render(request, "console/refused.html", context, status=refused.status)
    # 303: the browser follows with a GET, so a reload never posts the decision again.
    return HttpResponseRedirect(_back(request, site), status=303)


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


def _back(request: HttpRequest, site: Site) -> str:
    """The queue page the decision came from, with its filters."""
    tab = request.POST.get("tab", "")
    if tab in TABS:
        return reverse(TABS[tab], kwargs={"site_slug": site.slug})
    url = reverse("console_queue", kwargs={"site_slug": site.slug})
    query = urlencode(Filters.from_params(request.POST).as_params())
    return f"{url}?{query}" if query else url


@require_GET
@moderator_of_site
def reported(request: HttpRequest, site: Site) -> HttpResponse:
    """Published comments readers reported back to the moderators, with their reports."""
    page = Paginator(reported_queue(site), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"site": site, "page": page, "cards": cards(site, list(page.object_list))}
    return render(request, "console/reported.html", context)


@require_GET
@moderator_of_site
def appeals(request: HttpRequest, site: Site) -> HttpResponse:
    """Rejected comments whose authors appealed, with the appeal and who rejected them."""
    page = Paginator(appeals_queue(site), PAGE_SIZE).get_page(request.GET.get("page"))
    appeal_list = list(page.object_list)
    site_cards = cards(site, [appeal.comment for appeal in appeal_list])
    entries = [
        (appeal, card, rejected_by(appeal.comment))
        for appeal, card in zip(appeal_list, site_cards, strict=True)
    ]
    return render(request, "console/appeals.html", {"site": site, "page": page, "entries": entries})


@require_POST
@moderator_of_site
def decide_appeal_view(request: HttpRequest, site: Site, comment_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    back = reverse("console_appeals", kwargs={"site_slug": site.slug})
    try:
        decide_appeal(
            site,
            comment_id,
            request.user,
            request.POST.get("decision", ""),
            request.POST.getlist("reasons"),
        )
    except DecisionError as refused:
        context = {"site": site, "message": refused.message, "back": back}
        return render(request, "console/refused.html", context, status=refused.status)
    return HttpResponseRedirect(back, status=303)
