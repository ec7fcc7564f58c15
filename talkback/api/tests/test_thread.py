"""Readers list an article's published thread, threaded and keyset-paginated."""

from __future__ import annotations

import base64
from datetime import timedelta

from django.utils import timezone

from talkback.api.tests.conftest import in_review, published, rejected
from talkback.comments.models import Comment


def thread_path(article) -> str:
    return f"/sites/{article.site.slug}/articles/{article.pk}/comments"


def test_it_lists_only_published_comments_with_their_published_replies(api, article):
    top = published(article, text="Top comment")
    published(article, text="A published reply", parent=top)
    in_review(article, text="A reply in review", parent=top)
    rejected(article)

    response = api.call("GET", thread_path(article))

    assert response.status_code == 200
    comments = response.json()["comments"]
    assert [c["text"] for c in comments] == ["Top comment"]
    assert [r["text"] for r in comments[0]["replies"]] == ["A published reply"]
    # A guest's email is never shown to readers.
    assert "gina@example.org" not in response.content.decode()
    assert response.json()["next_cursor"] is None


def test_it_pages_by_cursor_without_gaps_or_repeats_while_comments_arrive(api, article):
    base = timezone.now() - timedelta(hours=1)
    for n in range(5):
        comment = published(article, text=f"comment {n}")
        # Two comments share an instant: the id breaks the tie.
        Comment.objects.filter(pk=comment.pk).update(created_at=base + timedelta(seconds=n // 2))

    first = api.call("GET", thread_path(article) + "?limit=2").json()
    published(article, text="posted meanwhile")  # newer: belongs before the first page
    second = api.call("GET", thread_path(article) + f"?limit=2&cursor={first['next_cursor']}")
    third = api.call(
        "GET", thread_path(article) + f"?limit=2&cursor={second.json()['next_cursor']}"
    ).json()

    texts = [c["text"] for page in (first, second.json(), third) for c in page["comments"]]
    assert texts == [f"comment {n}" for n in (4, 3, 2, 1, 0)]
    assert third["next_cursor"] is None


def test_it_lists_oldest_first_on_request(api, article):
    for n in range(3):
        published(article, text=f"comment {n}")

    data = api.call("GET", thread_path(article) + "?order=oldest").json()

    assert [c["text"] for c in data["comments"]] == ["comment 0", "comment 1", "comment 2"]


def test_it_refuses_a_forged_cursor_and_a_bad_limit_with_a_400(api, article):
    huge = base64.urlsafe_b64encode(b'["2026-01-01T00:00:00+00:00", 99999999999999999999]')
    queries = ("?cursor=bm90LWpzb24", "?cursor=%FF%FE", f"?cursor={huge.decode()}", "?limit=0")
    for query in (*queries, "?limit=x", "?order=up"):
        response = api.call("GET", thread_path(article) + query)

        assert response.status_code == 400, query
        assert response.json()["error"]["code"] in {"bad_cursor", "bad_parameter"}


def test_it_answers_404_for_an_article_of_another_site(api, article, other_site):
    response = api.call("GET", f"/sites/{other_site.slug}/articles/{article.pk}/comments")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "article_missing"
