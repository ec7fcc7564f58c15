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
from talkback.console.decisions import DecisionError, decide
from talkback.console.queue import PAGE_SIZE, Filters, cards, queue_articles, review_queue
from talkback.console.roles import can_moderate, moderated_sites
from talkback.moderation.taxonomy import CATEGORIES, CATEGORY_LABELS, SYSTEM_REASONS
from talkback.newsroom.models import Site

P = ParamSpec("P")
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
    return render(request, "console/history.html", {"comment": comment, "verdicts": verdicts})


def _back(request: HttpRequest, site: Site) -> str:
    """The queue page the decision came from, with its filters."""
    url = reverse("console_queue", kwargs={"site_slug": site.slug})
    query = urlencode(Filters.from_params(request.POST).as_params())
    return f"{url}?{query}" if query else url
