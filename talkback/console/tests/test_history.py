"""A comment's history: every verdict, with who and when, read-only."""

from __future__ import annotations

from django.urls import reverse

from talkback.comments.models import Status


def test_it_shows_the_machines_and_the_moderators_verdicts(client, moderator, in_review):
    comment = in_review("Was it a threat?", {"threat": 0.7})
    client.force_login(moderator)
    client.post(
        reverse("console_decide", args=["front", comment.pk]),
        {"decision": "reject", "reasons": ["threat"]},
    )

    response = client.get(reverse("console_history", args=[comment.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="verdict"') == 2
    assert page.index('data-by="machine"') < page.index('data-by="moderator"')
    assert "test-model" in page and "<td>mo</td>" in page
    assert page.count("<td>Threats</td>") == 2
    assert 'data-status="rejected"' in page


def test_it_offers_no_way_to_change_anything(client, moderator, in_review):
    comment = in_review("x", {"threat": 0.7})
    client.force_login(moderator)

    response = client.post(reverse("console_history", args=[comment.pk]), {"decision": "approve"})

    assert response.status_code == 405
    comment.refresh_from_db()
    assert comment.status == Status.REVIEW and comment.verdicts.count() == 1


def test_it_escapes_the_comment_text(client, moderator, in_review):
    comment = in_review('<script>alert("x")</script>', {"threat": 0.7})
    client.force_login(moderator)

    page = client.get(reverse("console_history", args=[comment.pk])).content.decode()

    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
