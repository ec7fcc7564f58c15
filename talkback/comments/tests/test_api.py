"""The reader's JSON endpoints: post, then read one's own comment's status with its token."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from talkback.comments.models import Comment


@pytest.fixture
def api_post(client, article, django_capture_on_commit_callbacks):
    url = reverse(
        "api_post_comment", kwargs={"site_slug": article.site.slug, "article_id": article.pk}
    )

    def api_post(body, content_type="application/json"):
        payload = body if isinstance(body, bytes) else json.dumps(body)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, payload, content_type=content_type)

    return api_post


GUEST = {"author_name": "Ahmed", "author_email": "ahmed@example.org"}


def test_it_posts_and_the_author_reads_the_outcome_with_the_status_token(client, api_post):
    response = api_post({"text": "What a f*cking joke", **GUEST})

    # The response carries the status at commit time (the outcome itself, when moderation runs
    # in the request: see test_browser); the status endpoint gives the verdict.
    assert response.status_code == 201
    data = response.json()
    assert Comment.objects.get().status_token == data["status_token"]
    status_url = reverse("api_comment_status", kwargs={"comment_id": data["id"]})
    status = client.get(status_url, {"token": data["status_token"]}).json()
    assert status["status"] == "rejected" and status["reasons"] == ["profanity"]
    assert status["spans"] == [{"start": 7, "end": 14, "code": "profanity"}]
    assert client.get(status_url, {"token": "wrong"}).status_code == 404


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"\xff\xfe not utf-8", "not_utf8"),
        (b"{not json", "bad_json"),
        (b"[1, 2]", "bad_json"),
        (json.dumps({"text": 42, **GUEST}).encode(), "bad_field"),
        (json.dumps({"text": "  ", **GUEST}).encode(), "empty"),
        (json.dumps({"text": "a\u0000b", **GUEST}).encode(), "binary"),
        (json.dumps({"text": "y" * 5001, **GUEST}).encode(), "too_long"),
        (json.dumps({"text": "hi", "author_name": "A"}).encode(), "email_invalid"),
    ],
)
def test_it_answers_bad_input_with_a_json_error(api_post, body, code):
    response = api_post(body)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert not Comment.objects.exists()


def test_it_answers_404_in_json_for_a_missing_article(client, site):
    url = reverse("api_post_comment", kwargs={"site_slug": site.slug, "article_id": 999})

    response = client.post(
        url, json.dumps({"text": "hi", **GUEST}), content_type="application/json"
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "article_missing"


def test_it_answers_403_for_a_closed_article(api_post, article):
    article.comments_open = False
    article.save()

    response = api_post({"text": "hi", **GUEST})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "comments_closed"
