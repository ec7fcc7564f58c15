"""Posting, reporting and appealing through the API are rate-limited: 429 with Retry-After."""

from __future__ import annotations

import pytest

from talkback.api.tests.conftest import published, rejected
from talkback.comments.models import Comment
from talkback.console.models import Report


@pytest.fixture
def tight(settings):
    settings.TALKBACK_RATE_LIMITS = {
        "post": {"ip": (3, 600), "email": (2, 600)},
        "report": {"ip": (1, 3600)},
        "appeal": {"ip": (5, 3600), "email": (1, 3600)},
    }


def post(api, article, email="a@example.org", ip="127.0.0.1"):
    return api.call(
        "POST",
        f"/sites/{article.site.slug}/articles/{article.pk}/comments",
        {"text": "A calm remark.", "author_name": "A", "author_email": email},
        REMOTE_ADDR=ip,
    )


def test_it_limits_posts_per_email_then_per_ip(api, article, tight):
    assert post(api, article).status_code == 201
    assert post(api, article).status_code == 201

    by_email = post(api, article)
    by_ip = [post(api, article, email="b@example.org").status_code for _ in range(2)]

    assert by_email.status_code == 429
    assert by_email.json()["error"]["code"] == "rate_limited"
    assert 0 < int(by_email["Retry-After"]) <= 600
    assert by_ip == [429, 429]  # the address has used up its 3 (a refused try counts too)
    assert Comment.objects.count() == 2
    # Another reader elsewhere is not affected.
    assert post(api, article, email="c@example.org", ip="10.9.8.7").status_code == 201


def test_it_limits_reports_per_ip(api, article, tight):
    first, second = published(article), published(article)

    ok = api.call("POST", f"/comments/{first.pk}/reports", {"reason": "threat", "reporter": "r1"})
    over = api.call(
        "POST", f"/comments/{second.pk}/reports", {"reason": "threat", "reporter": "r2"}
    )

    assert ok.status_code == 201
    assert over.status_code == 429 and over.has_header("Retry-After")
    assert Report.objects.count() == 1


def test_it_limits_appeals_per_email(api, article, tight):
    comments = [rejected(article), rejected(article)]
    statuses = [
        api.call(
            "POST",
            f"/comments/{c.pk}/appeal",
            {"token": c.status_token, "message": "Please look again."},
        ).status_code
        for c in comments
    ]

    assert statuses == [201, 429]
