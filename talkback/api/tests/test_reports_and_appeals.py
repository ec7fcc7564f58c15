"""Readers report published comments and appeal their own rejected ones, through the console's
rules (talkback.console.reports / appeals)."""

from __future__ import annotations

from talkback.api.tests.conftest import published, rejected
from talkback.console.models import Appeal, Report


def test_it_records_a_report_once_per_reader(api, article):
    comment = published(article)
    path = f"/comments/{comment.pk}/reports"

    first = api.call("POST", path, {"reason": "personal_attack", "reporter": "reader-1"})
    again = api.call("POST", path, {"reason": "personal_attack", "reporter": "reader-1"})
    other = api.call("POST", path, {"reason": "other", "text": "spam", "reporter": "reader-2"})

    assert first.status_code == 201 and first.json() == {"recorded": True}
    assert again.status_code == 409 and again.json()["error"]["code"] == "report_refused"
    assert other.status_code == 201
    assert Report.objects.filter(comment=comment).count() == 2


def test_it_refuses_a_report_without_a_known_reason(api, article):
    comment = published(article)

    response = api.call("POST", f"/comments/{comment.pk}/reports", {"reason": "boring"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "report_invalid"
    assert not Report.objects.exists()


def test_it_refuses_to_report_a_comment_nobody_can_see(api, article):
    comment = rejected(article)

    response = api.call("POST", f"/comments/{comment.pk}/reports", {"reason": "threat"})

    assert response.status_code == 409
    assert not Report.objects.exists()


def test_the_author_appeals_once_with_the_status_token(api, article):
    comment = rejected(article)
    path = f"/comments/{comment.pk}/appeal"
    body = {"token": comment.status_token, "message": "It was irony."}

    first = api.call("POST", path, body)
    second = api.call("POST", path, body)

    assert first.status_code == 201
    assert first.json()["appeal"]["decision"] == ""
    assert first.json()["reasons"] == ["personal_attack"]
    assert second.status_code == 409 and second.json()["error"]["code"] == "appeal_refused"
    assert Appeal.objects.get().message == "It was irony."


def test_nobody_else_can_appeal_or_learn_the_comment_exists(api, article):
    comment = rejected(article)

    response = api.call(
        "POST", f"/comments/{comment.pk}/appeal", {"token": "guess", "message": "please"}
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "comment_missing"
    assert not Appeal.objects.exists()


def test_the_status_shows_the_appeal_once_made(api, article):
    comment = rejected(article)
    api.call(
        "POST", f"/comments/{comment.pk}/appeal", {"token": comment.status_token, "message": "m"}
    )

    data = api.call("GET", f"/comments/{comment.pk}?token={comment.status_token}").json()

    assert data["status"] == "rejected" and data["appeal"]["decision"] == ""
