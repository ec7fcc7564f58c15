"""The embedded thread: what embed.js puts in its iframe on a publisher's page.

Every frame names the host page's origin (`origin`); it must be one the site allows, and the
frame may be framed by the site's allowed origins only (CSP frame-ancestors). Readers post here as
guests: the frame lives on the publisher's page, where Talkback's cookies may not be sent, so it
authenticates nobody by cookie and needs no CSRF token (as the JSON API). The author follows
their comment by its status token, which is in the URL they are sent to.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from talkback.comments.forms import CommentForm, bot_problem, form_body_problem
from talkback.comments.models import Comment
from talkback.comments.outcome import outcome_for_author
from talkback.comments.ownership import token_matches
from talkback.comments.posting import PostingError, post_comment
from talkback.comments.views import limit, over_message, published_page, reply_target, too_many
from talkback.core.middleware import content_security_policy
from talkback.lib import ratelimit
from talkback.moderation.taxonomy import CATEGORY_EXPLANATIONS
from talkback.newsroom.models import Article, Site, normalise_origin

SCRIPT = Path(__file__).parent / "static" / "embed" / "embed.js"


@require_GET
def script(request: HttpRequest) -> HttpResponse:
    """Serve embed.js at a short, stable address; publishers' pages load it cross-origin."""
    response = HttpResponse(_script(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@cache
def _script() -> bytes:
    return SCRIPT.read_bytes()


@require_GET
@xframe_options_exempt
def entry(request: HttpRequest, site_slug: str) -> HttpResponse:
    """The frame embed.js opens: find the article by the publisher's id, or create it on first
    view where the site allows, and show its thread."""
    site = get_object_or_404(Site, slug=site_slug)
    host = _host(request, site)
    if not host:
        return _refused(request, site)
    external_id = request.GET.get("article_id", "")
    if not _storable(external_id, request.GET.get("title", ""), request.GET.get("url", "")):
        raise Http404("No such article.")
    article = Article.objects.filter(site=site, external_id=external_id)
    found = article.select_related("site").first() or _create(request, site)
    if found is None:
        raise Http404("No such article.")
    return _thread(request, found, host, CommentForm())


@require_GET
@xframe_options_exempt
def thread(request: HttpRequest, site_slug: str, article_id: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("site"), pk=article_id, site__slug=site_slug
    )
    host = _host(request, article.site)
    if not host:
        return _refused(request, article.site)
    return _thread(request, article, host, CommentForm())


@csrf_exempt
@require_POST
@xframe_options_exempt
def post(request: HttpRequest, site_slug: str, article_id: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("site"), pk=article_id, site__slug=site_slug
    )
    host = _host(request, article.site)
    if not host:
        return _refused(request, article.site)
    form = CommentForm(request.POST)
    problem = form_body_problem(request) or bot_problem(request.POST)
    if problem:
        return _thread(request, article, host, form, problem, 400)
    if not form.is_valid():
        return _thread(request, article, host, form, _("Please check the form."), 400)
    try:
        limit(request, "post", email=form.cleaned_data["author_email"].strip())
    except ratelimit.Limited as over:
        return too_many(_thread(request, article, host, form, over_message(over), 429), over)
    try:
        comment = post_comment(article, form.submission(), AnonymousUser())
    except PostingError as exc:
        return _thread(request, article, host, form, exc.message, exc.status)
    query = urlencode({"token": comment.status_token, "origin": host})
    return redirect(f"{reverse('embed_status', args=[comment.pk])}?{query}")


@require_GET
@xframe_options_exempt
def status(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The author's view of the comment they just posted, inside the frame."""
    comment = get_object_or_404(Comment.objects.select_related("article__site"), pk=comment_id)
    token = request.GET.get("token", "")
    if not token_matches(token, comment):
        raise Http404("No such comment.")
    host = _host(request, comment.article.site)
    if not host:
        return _refused(request, comment.article.site)
    outcome = outcome_for_author(comment)
    context = {
        "comment": comment,
        "article": comment.article,
        "host": host,
        "token": token,
        "reasons": [(code, CATEGORY_EXPLANATIONS.get(code, "")) for code in outcome.reasons],
        "spans": list(outcome.spans),
    }
    return _framed(render(request, "embed/status.html", context), comment.article.site)


def _thread(
    request: HttpRequest,
    article: Article,
    host: str,
    form: CommentForm,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    order, page = published_page(request, article)
    reply_to = reply_target(request, form)
    context: dict[str, Any] = {
        "article": article,
        "host": host,
        "page": page,
        "order": order,
        "form": form,
        "error": error,
        "reply_to": reply_to,
        "bound_parent": reply_to if form.is_bound else None,
    }
    return _framed(render(request, "embed/thread.html", context, status=status), article.site)


def _framed(response: HttpResponse, site: Site) -> HttpResponse:
    response["Content-Security-Policy"] = content_security_policy(site.allowed_origins)
    return response


def _host(request: HttpRequest, site: Site) -> str:
    """Return the host page's origin if the site allows it, else ""."""
    origin = normalise_origin(request.GET.get("origin", ""))
    return origin if site.allows_origin(origin) else ""


def _refused(request: HttpRequest, site: Site) -> HttpResponse:
    response = render(request, "embed/refused.html", {"site": site}, status=403)
    return _framed(response, site)


def _storable(*texts: str) -> bool:
    # Query strings may carry NUL characters, which PostgreSQL refuses even in a lookup.
    return not any("\x00" in text for text in texts)


def _create(request: HttpRequest, site: Site) -> Article | None:
    """Create the article the script tag describes, where the site allows it and the article's
    URL is on one of its allowed origins; None otherwise."""
    external_id = request.GET.get("article_id", "").strip()
    title = request.GET.get("title", "").strip()
    url = request.GET.get("url", "").strip()
    parts = urlsplit(url)
    on_site = site.allows_origin(normalise_origin(f"{parts.scheme}://{parts.netloc}"))
    if not (site.embed_creates_articles and on_site and external_id and title):
        return None
    try:
        ratelimit.check("embed_article", ip=ratelimit.client_ip(request))
    except ratelimit.Limited:
        return None
    article = Article(site=site, external_id=external_id[:255], title=title[:500], url=url[:1000])
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:  # another reader's first view created it a moment ago
        return (
            Article.objects.select_related("site")
            .filter(site=site, external_id=external_id)
            .first()
        )
    return article
