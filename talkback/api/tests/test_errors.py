"""Every caller mistake gets a JSON error with a stable code and a 4xx status, on every route."""

from __future__ import annotations

import pytest

from talkback.api.tests.conftest import in_review, published

BAD_BODIES = [
    (b"", "bad_json"),
    (b"\xff\xfe\x00binary", "not_utf8"),
    (b"{not json", "bad_json"),
    (b"[1, 2]", "bad_json"),
    (b'"a string"', "bad_json"),
    (b"[" * 30_000 + b"]" * 30_000, "bad_json"),
    (b'{"text": "x", "parent": 99999999999999999999999}', "bad_field"),
    (b"null", "bad_json"),
    (
        b'{"decision": 7, "reasons": "threat", "text": 1, "comments_open": 1, "policy": []}',
        "bad_field",
    ),
]


@pytest.fixture
def posts(site, article, publisher_key, moderator_token):
    """Every route that reads a body, with the credentials it needs."""
    comment = published(article)
    queued = in_review(article)
    return [
        (f"/sites/{site.slug}/articles/{article.pk}/comments", ""),
        (f"/comments/{comment.pk}/reports", ""),
        (f"/comments/{comment.pk}/appeal", ""),
        (f"/sites/{site.slug}/articles", publisher_key),
        (f"/sites/{site.slug}/queue/{queued.pk}/decision", moderator_token),
    ]


@pytest.mark.parametrize(("body", "code"), BAD_BODIES)
def test_every_body_route_refuses_bad_bodies_with_a_json_400(api, posts, body, code):
    for path, token in posts:
        response = api.call("POST", path, body, token)

        assert response.status_code == 400, (path, response.content)
        assert response.json()["error"]["code"] == code, path
        assert response.json()["error"]["message"]


def test_every_body_route_refuses_an_oversized_body_with_a_413(api, posts):
    for path, token in posts:
        response = api.call("POST", path, b'{"text": "' + b"x" * 70_000 + b'"}', token)

        assert response.status_code == 413, path
        assert response.json()["error"]["code"] == "too_large"


def test_a_body_over_djangos_own_limit_is_a_413_too(api, article):
    path = f"/sites/{article.site.slug}/articles/{article.pk}/comments"

    response = api.call("POST", path, b"[" + b"1," * 1_500_000 + b"1]")

    assert response.status_code == 413


def test_wrong_path_types_unknown_routes_and_methods_are_json_4xx(api, article):
    cases = [
        ("GET", "/comments/abc", 400, "bad_parameter"),
        ("GET", f"/sites/front/articles/{'9' * 30}/comments", 400, "bad_parameter"),
        ("GET", "/nothing/here", 404, "not_found"),
        ("PUT", "/comments/1", 405, "method_not_allowed"),
        ("GET", "/comments/99999?token=x", 404, "comment_missing"),
    ]
    for method, path, status, code in cases:
        response = api.call(method, path)

        assert response.status_code == status, path
        assert response.json()["error"]["code"] == code, path
