"""The thread page's published comments, rendered once and kept in Django's cache.

Rendering a page of comments (their replies, report forms and links) is most of what a thread page
costs, and it is the same for every reader until a comment of the article is published or taken
down, or an author's name is erased. So the rendered page is cached per article, order, page
number, language and whether comments are open, stamped with the article's *thread version*: a
random token kept in the cache. `invalidate` gives an article a new token, so every page of its
thread is rendered afresh on its next read, by every process sharing the cache (Redis at scale).
A page and its article's version are read in one round trip (`get_many`). A token rather than a
counter: a version evicted from the cache and made again never matches an old page.

`CommentQuerySet.update` calls `invalidate` whenever comments' status or author name change, the
one path every decision, undo, hiding after reports and erasure takes.

The cache is an optimisation, never a dependency: while it is unreachable the thread is rendered
for each request and changes are recorded all the same (logged; a page cached before the outage
may then be served until TTL).

Nothing personal is cached: the page is rendered without the request, with CSRF_PLACEHOLDER as
the report forms' CSRF token, which `personalise` replaces with the reader's own.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import redis
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

if TYPE_CHECKING:
    from talkback.newsroom.models import Article

log = logging.getLogger(__name__)

#: Seconds a rendered page is kept: the bound on staleness after a change that bypasses the ORM
#: (raw SQL, `load-demo`'s COPY); every change through Talkback's code invalidates at once.
TTL = 600
#: Stands in for the CSRF token in a cached page; the attribute is matched whole, and a comment's
#: text, escaped, cannot contain the quotes around it.
CSRF_PLACEHOLDER = "csrf-token-of-the-reader"
_CSRF_ATTRIBUTE = f'name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}"'


@dataclass(frozen=True)
class RenderedThread:
    """A page of an article's published thread as HTML, and the page's number (the thread
    page's own forms post back to it)."""

    html: str
    number: int


def cached_thread(
    article: Article, order: str, number: int, render: Callable[[], RenderedThread]
) -> RenderedThread:
    """Return page `number` of the article's thread from the cache, or `render` it and keep it.

    `render` may give another page than asked (the last, for a number past it): it is kept under
    its own number. The version is read before rendering, so a page rendered while a change
    commits is stamped with the version that change replaced, and never served.
    """
    version_key, page_key = _version_key(article.pk), _key(article, order, number)
    try:
        found = cache.get_many([version_key, page_key])
        version = found.get(version_key) or _new_version(version_key)
    except redis.RedisError:
        log.warning("thread cache unreachable: rendering article %s uncached", article.pk)
        return render()
    stamped = found.get(page_key)
    if stamped is not None and stamped[0] == version:
        return cast(RenderedThread, stamped[1])
    rendered = render()
    try:
        cache.set(_key(article, order, rendered.number), (version, rendered), TTL)
    except redis.RedisError:
        log.warning("thread cache unreachable: article %s's page not kept", article.pk)
    return rendered


def personalise(rendered: RenderedThread, request: HttpRequest) -> SafeString:
    """The page's HTML with the reader's own CSRF token in its forms."""
    token = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    return mark_safe(rendered.html.replace(_CSRF_ATTRIBUTE, token))


def invalidate(article_ids: Iterable[int]) -> None:
    """Give each article's thread a new version: now, and again when the transaction commits.

    Now, so that reads inside the writing transaction (and tests, whose transaction never
    commits) see the change; after the commit because a reader who took the new version before
    the commit may have cached the old thread under it. Outside a transaction both happen now.
    """
    keys = {_version_key(pk) for pk in article_ids}
    if not keys:
        return

    def bump() -> None:
        try:
            cache.set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)
        except redis.RedisError:
            log.error("thread cache unreachable: %s not invalidated", ", ".join(sorted(keys)))

    bump()
    transaction.on_commit(bump)


def _new_version(key: str) -> str:
    """Give an article its first version, or take the one another process gave it first."""
    version = secrets.token_hex(8)
    if not cache.add(key, version, timeout=None):
        version = cache.get(key) or version
    return str(version)


def _version_key(article_id: int) -> str:
    return f"thread-version:{article_id}"


def _key(article: Article, order: str, number: int) -> str:
    return f"thread:{article.pk}:{order}:{number}:{get_language()}:{int(article.comments_open)}"
