"""A comment's history: every verdict, report and appeal, with who and when, read-only."""

from __future__ import annotations

from django.urls import reverse

from talkback.comments.models import Status
from talkback.console.models import Appeal, AppealDecision, Role
from talkback.console.reports import report
from talkback.console.tests.conftest import person


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


def test_it_shows_the_reports_and_the_appeal(client, moderator, published, site):
    comment = published("Reported, rejected, appealed.")
    reader = person("rita")
    report(comment, "guest:abc", "other", "Looks like <spam>")
    report(comment, f"user:{reader.pk}", "threat", user=reader)
    client.force_login(moderator)
    client.post(
        reverse("console_decide", args=["front", comment.pk]),
        {"decision": "reject", "reasons": ["threat"]},
    )
    appeal = Appeal.objects.create(comment=comment, message="It was a quote.")
    Appeal.objects.filter(pk=appeal.pk).update(
        decision=AppealDecision.UPHELD, decided_by=person("mia", site, Role.MODERATOR)
    )

    page = client.get(reverse("console_history", args=[comment.pk])).content.decode()

    assert page.count('class="report"') == 2
    assert "<td>rita</td>" in page and "<td>a guest</td>" in page
    assert "Other: Looks like &lt;spam&gt;" in page
    assert "Reported by readers" in page  # the verdict that hid it
    assert "It was a quote." in page and "Rejection upheld by mia" in page
