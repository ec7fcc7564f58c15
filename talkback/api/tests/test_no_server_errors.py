"""NUL bytes, huge ids and junk in paths, queries and bodies get a 4xx everywhere, never a 500
(PostgreSQL refuses NUL in any text, even in a lookup, and ids beyond bigint)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from talkback.api.tests.conftest import published, rejected

HOST = "https://news.example"


@pytest.fixture
def comments(site, article):
    site.allowed_origins = [HOST]
    site.save()
    return published(article), rejected(article)


def test_reads_with_junk_are_answered_without_a_server_error(client, article, comments):
    paths = [
        "/api/v1/sites/%00/articles/1/comments",
        "/api/v1/comments/1?token=%00",
        f"/api/v1/sites/front/articles/{article.pk}/comments?cursor=%00",
        "/embed/front/?" + urlencode({"article_id": "\x00", "origin": HOST}),
        "/embed/front/a/1/?origin=%00",
        "/s/front/a/1/?page=%00&order=%00&reply_to=99999999999999999999999",
        "/comments/99999999999999999999/",
    ]
    for path in paths:
        response = client.get(path, HTTP_ORIGIN=HOST)

        assert 200 <= response.status_code < 500, path


def test_reports_and_appeals_with_nul_bytes_are_a_400(client, comments):
    shown, refused = comments
    answers = [
        client.post(f"/comments/{shown.pk}/report/", {"reason": "other", "text": "a\x00b"}),
        client.post(
            f"/comments/{refused.pk}/appeal/", {"token": refused.status_token, "message": "a\x00"}
        ),
        client.post(
            f"/api/v1/comments/{shown.pk}/reports",
            '{"reason": "other", "text": "a\\u0000b"}',
            content_type="application/json",
        ),
        client.post(
            f"/api/v1/comments/{refused.pk}/appeal",
            f'{{"token": "{refused.status_token}", "message": "\\ud800"}}',
            content_type="application/json",
        ),
    ]

    assert [response.status_code for response in answers] == [400] * 4


def test_a_publisher_cannot_store_nul_bytes(api, site, publisher_key):
    body = {"external_id": "a\x00", "title": "T"}

    response = api.call("POST", f"/sites/{site.slug}/articles", body, publisher_key)

    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_field"
