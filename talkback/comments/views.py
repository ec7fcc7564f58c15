"""The reader's pages: an article's thread, posting, and one's own comment's status."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talkback.comments import thread_cache
from talkback.comments.forms import CommentForm, bot_problem, form_body_problem
from talkback.comments.models import Comment, Status
from talkback.comments.outcome import outcome_for_author
from talkback.comments.ownership import SESSION_KEY as OWN_COMMENTS_KEY
from talkback.comments.ownership import own_unpublished, owns, remember
from talkback.comments.posting import PostingError, post_comment
from talkback.comments.thread_cache import RenderedThread
from talkback.console.appeals import APPEAL_MAX_LENGTH, AppealError, appeal
from talkback.console.models import Appeal
from talkback.console.reports import REPORT_REASONS, ReportError, report, reporter_key
from talkback.lib import ratelimit
from talkback.moderation.taxonomy import CATEGORY_EXPLANATIONS
from talkback.newsroom.models import Article, get_article

#: A guest's stable reporter id, kept in their session so they report a comment once.
REPORTER_SESSION_KEY = "talkback_reporter"
#: Thread orders; the id breaks ties between comments posted in the same instant.
ORDERS = {"newest": ("-created_at", "-id"), "oldest": ("created_at", "id")}
#: The published thread, rendered apart from the page so that it can be cached.
THREAD_TEMPLATE = "comments/thread.html"


@dataclass(frozen=True)
class ThreadEntry:
    """A published top-level comment on the thread page, with the viewer's own replies to it
    that nobody else can see yet."""

    comment: Comment
    own_unpublished_replies: list[Comment]


def article_thread(request: HttpRequest, site_slug: str, article_id: int) -> HttpResponse:
    article = get_article(site_slug, article_id)
    return render_thread(request, article, CommentForm())


@require_POST
def post(request: HttpRequest, site_slug: str, article_id: int) -> HttpResponse:
    article = get_article(site_slug, article_id)
    form = CommentForm(request.POST)
    problem = form_body_problem(request) or bot_problem(request.POST)
    if problem:
        return render_thread(request, article, form, problem, 400)
    if not form.is_valid():
        # An ErrorList yields its messages rendered as strings; str() says so to the type checker.
        problems = [str(message) for errors in form.errors.values() for message in errors]
        return render_thread(request, article, form, " ".join(problems), 400)
    email = "" if request.user.is_authenticated else form.cleaned_data["author_email"]
    try:
        limit(request, "post", email=email.strip())
    except ratelimit.Limited as over:
        return too_many(render_thread(request, article, form, over_message(over), 429), over)
    try:
        comment = post_comment(article, form.submission(), request.user)
    except PostingError as exc:
        return render_thread(request, article, form, exc.message, exc.status)
    remember(request, comment)
    return redirect(comment)


def nul_message() -> str:
    # Reports and appeals are stored as written, and no database stores a NUL character.
    return _("Your text contains NUL characters; please send plain text.")


def limit(request: HttpRequest, action: str, email: str = "") -> None:
    """Count `action` by the visitor's IP, account and the email given; raise Limited if over."""
    account = request.user.pk if request.user.is_authenticated else None
    ratelimit.check(action, ip=ratelimit.client_ip(request), email=email, account=account)


def over_message(over: ratelimit.Limited) -> str:
    return _("You are going too fast: please try again in %(seconds)d seconds.") % {
        "seconds": over.retry_after
    }


def too_many(response: HttpResponse, over: ratelimit.Limited) -> HttpResponse:
    response["Retry-After"] = str(over.retry_after)
    return response


def render_thread(
    request: HttpRequest,
    article: Article,
    form: CommentForm,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    order = thread_order(request)
    mine = _own_unpublished(request, article.pk)
    own_replies = _by_parent(c for c in mine if c.parent_id is not None)
    reply_to = reply_target(request, form)
    if own_replies or reply_to is not None:
        # The reader's own replies or reply form sit inside the thread: rendered for them alone.
        thread, bound_parent = _personal_thread(
            request, article, order, form, error, own_replies, reply_to
        )
    else:
        thread, bound_parent = _shared_thread(article, order, request.GET.get("page")), None
    context: dict[str, Any] = {
        "article": article,
        "thread": thread_cache.personalise(thread, request),
        # The page's own forms only read page.number.
        "page": thread,
        "order": order,
        "form": form,
        "error": error,
        "own_top_level": [c for c in mine if c.parent_id is None],
        "bound_parent": bound_parent,
    }
    return render(request, "comments/article.html", context, status=status)


def _own_unpublished(request: HttpRequest, article_id: int) -> list[Comment]:
    """The reader's own unpublished comments; none without an account or comments posted in this
    session (most readers), asked without building a query."""
    if request.user.is_authenticated or request.session.get(OWN_COMMENTS_KEY):
        return own_unpublished(request, article_id)
    return []


def _shared_thread(article: Article, order: str, number: str | None) -> RenderedThread:
    """The page of the published thread every reader sees alike, from the cache."""

    def render() -> RenderedThread:
        page = page_of(article, order, number)
        entries = [ThreadEntry(comment, []) for comment in page.object_list]
        context = _thread_context(article, order, page, entries)
        context["csrf_token"] = thread_cache.CSRF_PLACEHOLDER
        return RenderedThread(render_to_string(THREAD_TEMPLATE, context), page.number)

    return thread_cache.cached_thread(article, order, _page_number(number), render)


def _personal_thread(
    request: HttpRequest,
    article: Article,
    order: str,
    form: CommentForm,
    error: str,
    own_replies: dict[int, list[Comment]],
    reply_to: int | None,
) -> tuple[RenderedThread, int | None]:
    """The page of the thread with the reader's own unpublished replies and reply form; and
    the comment whose reply form shows a failed reply, if it is on the page."""
    page = page_of(article, order, request.GET.get("page"))
    entries = [
        ThreadEntry(comment, own_replies.get(comment.pk, [])) for comment in page.object_list
    ]
    # A failed reply is shown again in its reply form; one to a comment not on this page (or not
    # existing) in the main form.
    on_page = {entry.comment.pk for entry in entries}
    bound_parent = reply_to if form.is_bound and reply_to in on_page else None
    context = _thread_context(article, order, page, entries) | {
        "form": form,
        "error": error,
        "reply_to": reply_to,
        "bound_parent": bound_parent,
    }
    html = render_to_string(THREAD_TEMPLATE, context, request)
    # Rendered with the reader's own token already: personalise finds no placeholder in it.
    return RenderedThread(html, page.number), bound_parent


def _thread_context(
    article: Article, order: str, page: Page[Comment], entries: list[ThreadEntry]
) -> dict[str, Any]:
    return {
        "article": article,
        "order": order,
        "page": page,
        "entries": entries,
        "report_reasons": REPORT_REASONS,
    }


def thread_order(request: HttpRequest) -> str:
    order = request.GET.get("order", "newest")
    return order if order in ORDERS else "newest"


def published_page(request: HttpRequest, article: Article) -> tuple[str, Page[Comment]]:
    """Return the order asked for and the page of published top-level comments (with their
    published replies prefetched) that the request's `order` and `page` ask for."""
    order = thread_order(request)
    return order, page_of(article, order, request.GET.get("page"))


def page_of(article: Article, order: str, number: str | int | None) -> Page[Comment]:
    """The page of published top-level comments (with their published replies prefetched); the
    first for a number that is none, the last for one past it."""
    public = Comment.objects.visible_to_public()
    top_level = (
        public.filter(article=article, parent=None)
        .order_by(*ORDERS[order])
        .prefetch_related(Prefetch("replies", queryset=public.order_by("created_at", "id")))
    )
    paginator = Paginator(top_level, settings.TALKBACK_THREAD_PAGE_SIZE)
    return paginator.get_page(number)


def _page_number(raw: str | None) -> int:
    """The page number asked for, as the paginator reads it (anything but a number: the first)."""
    try:
        return int(raw) if raw else 1
    except ValueError:
        return 1


def comment_status(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Show the author where their comment stands; anyone else only sees a published one."""
    comment = get_object_or_404(Comment.objects.select_related("article__site"), pk=comment_id)
    token = request.GET.get("token")
    if not owns(request, comment, token):
        if comment.status != Status.APPROVED:
            raise Http404("No such comment.")
        return redirect(thread_location(comment))
    return _render_status(request, comment, token)


def _render_status(
    request: HttpRequest,
    comment: Comment,
    token: str | None,
    error: str = "",
    status: int = 200,
    message: str = "",
) -> HttpResponse:
    outcome = outcome_for_author(comment)
    context = {
        "comment": comment,
        "reasons": [(code, CATEGORY_EXPLANATIONS.get(code, "")) for code in outcome.reasons],
        "spans": list(outcome.spans),
        "appeal": Appeal.objects.filter(comment=comment).first(),
        "token": token or "",
        "error": error,
        "message": message,
        "appeal_max_length": APPEAL_MAX_LENGTH,
    }
    return render(request, "comments/status.html", context, status=status)


@require_POST
def appeal_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The author appeals the rejection of their comment, once."""
    comment = get_object_or_404(Comment.objects.select_related("article__site"), pk=comment_id)
    token = request.POST.get("token")
    if not owns(request, comment, token):
        raise Http404("No such comment.")
    try:
        limit(request, "appeal", email=comment.author_email)
    except ratelimit.Limited as over:
        return too_many(_render_status(request, comment, token, over_message(over), 429), over)
    message = request.POST.get("message", "")
    if "\x00" in message:
        return _render_status(request, comment, token, nul_message(), 400)
    try:
        appeal(comment, message)
    except AppealError as refused:
        return _render_status(request, comment, token, refused.message, refused.status)
    url = comment.get_absolute_url()
    return redirect(f"{url}?{urlencode({'token': token})}" if token else url)


@require_POST
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A reader (signed in, or a guest by session) reports a published comment, once."""
    comment = get_object_or_404(Comment.objects.select_related("article__site"), pk=comment_id)
    guest = request.session.get(REPORTER_SESSION_KEY)
    if not guest:
        guest = request.session[REPORTER_SESSION_KEY] = secrets.token_urlsafe(18)
    user = request.user if isinstance(request.user, User) else None
    try:
        limit(request, "report")
    except ratelimit.Limited as over:
        return too_many(_render_reported(request, comment, over_message(over), 429), over)
    text = request.POST.get("text", "")
    if "\x00" in text:
        return _render_reported(request, comment, nul_message(), 400)
    try:
        report(
            comment, reporter_key(request.user, guest), request.POST.get("reason", ""), text, user
        )
    except ReportError as refused:
        return _render_reported(request, comment, refused.message, refused.status)
    message = _("Thank you: your report was recorded, and a moderator will read it if needed.")
    return _render_reported(request, comment, message, 200)


def _render_reported(
    request: HttpRequest, comment: Comment, message: str, status: int
) -> HttpResponse:
    back = thread_location(comment) if comment.status == Status.APPROVED else None
    context = {"comment": comment, "message": message, "back": back, "ok": status == 200}
    return render(request, "comments/reported.html", context, status=status)


def thread_location(comment: Comment) -> str:
    """Return the URL of the thread page, newest first, that shows this published comment."""
    top = comment.parent or comment
    newer = (
        Comment.objects.visible_to_public()
        .filter(article_id=comment.article_id, parent=None)
        .filter(Q(created_at__gt=top.created_at) | Q(created_at=top.created_at, pk__gt=top.pk))
        .count()
    )
    page = newer // settings.TALKBACK_THREAD_PAGE_SIZE + 1
    return f"{comment.article.get_absolute_url()}?page={page}#comment-{comment.pk}"


def _by_parent(replies: Iterable[Comment]) -> dict[int, list[Comment]]:
    grouped: dict[int, list[Comment]] = {}
    for reply in replies:
        assert reply.parent_id is not None, "only replies are grouped by parent"
        grouped.setdefault(reply.parent_id, []).append(reply)
    return grouped


def reply_target(request: HttpRequest, form: CommentForm) -> int | None:
    bound = _as_id(form.data.get("parent")) if form.is_bound else None
    return _as_id(request.GET.get("reply_to")) or bound


def _as_id(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None
