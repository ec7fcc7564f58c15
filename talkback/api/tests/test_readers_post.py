"""The reader's JSON endpoints: post, then read one's own comment's status with its token."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from talkback.comments.models import Comment
from talkback.moderation.taxonomy import CATEGORIES

ONLY_PROFANITY = {code: None for code in CATEGORIES if code != "profanity"}


@pytest.fixture
def api_post(client, article, django_capture_on_commit_callbacks):
    url = reverse(
        "api:post_comment", kwargs={"site_slug": article.site.slug, "article_id": article.pk}
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
    status_url = reverse("api:comment_status", kwargs={"comment_id": data["id"]})
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
        (
            b'{"text": "half \\ud800", "author_name": "A", "author_email": "a@example.org"}',
            "not_unicode",
        ),
        (json.dumps({"text": "\u200b\u200b", **GUEST}).encode(), "empty"),
        (
            json.dumps(
                {"text": "hi", "author_name": "A\u0000B", "author_email": "a@example.org"}
            ).encode(),
            "name_required",
        ),
        (
            b'{"text": "hi", "author_name": "\\ud800", "author_email": "a@example.org"}',
            "name_required",
        ),
    ],
)
def test_it_answers_bad_input_with_a_json_error(api_post, body, code):
    response = api_post(body)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert not Comment.objects.exists()


def test_it_answers_404_in_json_for_a_missing_article(client, site):
    url = reverse("api:post_comment", kwargs={"site_slug": site.slug, "article_id": 999})

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


def test_it_answers_404_not_500_for_a_token_that_is_not_ascii(client, api_post):
    data = api_post({"text": "What a f*cking joke", **GUEST}).json()
    url = reverse("api:comment_status", kwargs={"comment_id": data["id"]})

    assert client.get(url, {"token": "é"}).status_code == 404
    assert (
        client.get(
            reverse("comment_status", kwargs={"comment_id": data["id"]}), {"token": "é"}
        ).status_code
        == 404
    )


def test_it_refuses_an_oversized_body_with_a_json_413(api_post):
    response = api_post(json.dumps({"text": "x" * 3_000_000, **GUEST}).encode())

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert not Comment.objects.exists()


def test_it_tells_the_author_why_the_machine_could_not_judge_but_not_its_suspicions(
    client, api_post, article
):
    # Only profanity judged, so the test does not depend on what the other models think.
    article.site.policy = {**ONLY_PROFANITY, "profanity": {"review": 0.5, "reject": 1.0}}
    article.site.save()

    unsure = api_post({"text": "What a fucking joke", **GUEST}).json()
    foreign = api_post({"text": "قصفت القوات الجوية هدفين", **GUEST}).json()

    def status(data):
        url = reverse("api:comment_status", kwargs={"comment_id": data["id"]})
        return client.get(url, {"token": data["status_token"]}).json()

    assert status(unsure)["status"] == "review" and status(unsure)["reasons"] == []
    assert status(foreign)["reasons"] == ["unsupported_language"]


def test_it_answers_a_wrong_method_with_a_json_405(client, article):
    url = reverse(
        "api:post_comment", kwargs={"site_slug": article.site.slug, "article_id": article.pk}
    )

    response = client.delete(url)

    assert response.status_code == 405 and response["Allow"] == "GET, POST"
    assert response.json()["error"]["code"] == "method_not_allowed"
