"""The cached thread: every change to what a thread shows reaches the next reader, and nothing of
one reader's page reaches another's."""

from __future__ import annotations

import re
from typing import Any

import pytest
import redis
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from talkback.accounts.data import erase
from talkback.comments import thread_cache
from talkback.comments.models import Comment, Status
from talkback.comments.moderate import record_machine_verdict
from talkback.console.decisions import decide
from talkback.console.models import SiteSettings
from talkback.console.reports import report
from talkback.console.undo import undo
from talkback.moderation import Verdict as EngineVerdict
from talkback.moderation.taxonomy import APPROVE, CATEGORIES, REJECT, REVIEW
from talkback.newsroom.models import Article

#: The at-scale configuration's cache, on a database of its own for the tests.
REDIS_URL = "redis://127.0.0.1:6379/7"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def machine(comment: Comment, decision: str) -> Comment:
    """Record the machine's `decision` on a pending comment, as a worker does."""
    scores = dict.fromkeys(CATEGORIES, 0.01)
    reasons = ("personal_attack",) if decision == REJECT else ()
    record_machine_verdict(comment, EngineVerdict(decision, reasons, scores, "test-model", "en"))
    return comment


def posted(article: Article, text: str, decision: str = APPROVE, **fields: Any) -> Comment:
    comment = Comment.objects.create(
        article=article, text=text, **{"author_name": "Gina", "author_email": "g@x.org"} | fields
    )
    return machine(comment, decision)


def thread(client: Client, article: Article, query: str = "") -> str:
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def mo(db: None) -> User:
    return User.objects.create_user("mo")


def test_a_second_read_comes_from_the_cache(client, article, django_assert_num_queries):
    posted(article, "First!")
    thread(client, article)

    with django_assert_num_queries(1):  # the article; no count, no page, no replies
        assert "First!" in thread(client, article)


def test_a_comment_the_machine_approves_appears_on_a_cached_page(client, article):
    posted(article, "An early comment")
    assert "A later comment" not in thread(client, article)

    posted(article, "A later comment")

    assert "A later comment" in thread(client, article)


def test_a_comment_a_moderator_approves_appears_and_an_undo_takes_it_away(client, article, mo):
    held = posted(article, "Held for a moderator", decision=REVIEW)
    assert "Held for a moderator" not in thread(client, article)

    decide(article.site, held.pk, mo, APPROVE, [])
    assert "Held for a moderator" in thread(client, article)

    undo(article.site, held.pk, mo)
    assert "Held for a moderator" not in thread(client, article)


def test_the_version_changes_again_when_the_decision_commits(
    client, article, mo, django_capture_on_commit_callbacks
):
    """A reader who read the thread between the decision and its commit cached the old thread
    under the new version: the commit gives the article yet another one."""
    held = posted(article, "Decided in a transaction", decision=REVIEW)
    thread(client, article)
    with django_capture_on_commit_callbacks() as on_commit:
        decide(article.site, held.pk, mo, APPROVE, [])
    during = cache.get(f"thread-version:{article.pk}")

    for callback in on_commit:
        callback()

    assert cache.get(f"thread-version:{article.pk}") not in (None, during)


def test_a_comment_rejected_after_reports_disappears(client, article, mo):
    SiteSettings.objects.create(site=article.site, hide_reported=False, reports_to_requeue=1)
    reported = posted(article, "Reported but still shown")
    report(reported, "guest:1", "off_topic")
    assert "Reported but still shown" in thread(client, article)

    decide(article.site, reported.pk, mo, REJECT, ["off_topic"])

    assert "Reported but still shown" not in thread(client, article)


def test_a_comment_hidden_by_reports_disappears(client, article):
    SiteSettings.objects.create(site=article.site, hide_reported=True, reports_to_requeue=1)
    reported = posted(article, "Hidden by readers")
    assert "Hidden by readers" in thread(client, article)

    report(reported, "guest:1", "off_topic")

    assert Comment.objects.get(pk=reported.pk).status == Status.REVIEW
    assert "Hidden by readers" not in thread(client, article)


def test_erasure_replaces_the_authors_name_on_every_cached_page(client, article, rob):
    other = Article.objects.create(site=article.site, external_id="two", title="Another")
    for where in (article, other):
        posted(where, "Signed and published", author=rob, author_name="Robin Unique")
        assert "Robin Unique" in thread(client, where)

    erase(rob)

    for where in (article, other):
        page = thread(client, where)
        assert "Robin Unique" not in page and "Deleted reader" in page


def test_nothing_personal_reaches_another_reader_through_the_cache(article, rob):
    top = posted(article, "A published comment")
    Comment.objects.create(
        article=article, parent=top, author=rob, author_name="Rob", text="A pending reply by Rob"
    )
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(rob)
    rob_page = thread(signed_in, article)
    assert "A pending reply by Rob" in rob_page and "rob" in rob_page  # "Signed in as rob"

    guest = Client(enforce_csrf_checks=True)
    guest_page = thread(guest, article)

    assert "A pending reply by Rob" not in guest_page
    assert "Signed in as" not in guest_page and ">rob<" not in guest_page
    assert thread_cache.CSRF_PLACEHOLDER not in guest_page
    assert not set(CSRF_INPUT.findall(rob_page)) & set(CSRF_INPUT.findall(guest_page))
    # The report form's token, from the cached page, is the guest's own: the report goes through.
    token = CSRF_INPUT.findall(guest_page.split('class="report-form"')[1])[0]
    url = reverse("report_comment", kwargs={"comment_id": top.pk})
    reported = guest.post(url, {"reason": "off_topic", "csrfmiddlewaretoken": token})
    assert reported.status_code == 200


def test_a_reply_form_is_rendered_for_its_reader_only(client, article):
    top = posted(article, "Reply to me")
    with_form = thread(client, article, f"?reply_to={top.pk}")
    assert 'id="reply-form"' in with_form

    assert 'id="reply-form"' not in thread(Client(), article)


def test_cached_pages_still_escape_what_readers_wrote(client, article):
    posted(article, '<script>alert("x")</script>', author_name="<b>Bold</b>")

    for _ in range(2):  # rendered, then from the cache
        page = thread(client, article)
        assert "<script>alert" not in page and "<b>Bold" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "&lt;b&gt;Bold&lt;/b&gt;" in page


def test_a_page_past_the_last_is_the_last_and_follows_changes(client, article, settings):
    settings.TALKBACK_THREAD_PAGE_SIZE = 1
    posted(article, "The older one")
    posted(article, "The newer one")

    for _ in range(2):  # rendered, then from the cache (kept as page 2)
        assert "Page 2 of 2" in thread(client, article, "?page=99")
    posted(article, "The newest one")

    assert "Page 3 of 3" in thread(client, article, "?page=99")
    assert "The newer one" in thread(client, article, "?page=2")


@pytest.fixture
def redis_cache(settings):
    """The at-scale configuration: the cache every process shares, in Redis."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    cache.clear()
    yield
    cache.clear()


def test_in_redis_a_cached_page_shows_a_newly_approved_comment(redis_cache, client, article):
    posted(article, "Already there")
    assert "Already there" in thread(client, article)
    # Kept in Redis, where every process finds it.
    assert list(redis.Redis.from_url(REDIS_URL).scan_iter(match=":1:thread:*"))

    posted(article, "Approved by a worker")

    assert "Approved by a worker" in thread(client, article)


def test_in_redis_a_lost_version_never_brings_back_an_old_page(redis_cache, client, article):
    posted(article, "Before")
    thread(client, article)
    # Redis evicted the article's version; a change that bypassed the ORM happened meanwhile.
    cache.delete(f"thread-version:{article.pk}")
    Comment.objects.create(
        article=article, author_name="Gina", text="After", status=Status.APPROVED
    )

    assert "After" in thread(client, article)


def test_with_redis_unreachable_the_thread_renders_and_decisions_are_recorded(
    settings, client, article, mo
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/7",  # nothing listens on port 1
        }
    }
    held = posted(article, "Decided while the cache is down", decision=REVIEW)

    decide(article.site, held.pk, mo, APPROVE, [])

    assert "Decided while the cache is down" in thread(client, article)
