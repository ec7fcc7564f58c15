"""Undo: a moderator takes back their own decision for a few seconds; the undo is recorded, and
nothing is deleted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from talkback.comments.models import Status, Verdict
from talkback.console import undo as undo_module
from talkback.console.models import Action, Appeal, AuditEntry, Escalation, Role
from talkback.console.tests.conftest import person
from talkback.console.tests.test_reports import reader_client, send_report


@pytest.fixture
def mod_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def decide(client, comment, decision, *reasons, **extra):
    url = reverse("console_decide", args=["front", comment.pk])
    return client.post(url, {"decision": decision, "reasons": list(reasons), **extra})


def undo(client, *comments, **extra):
    ids = [comment.pk for comment in comments]
    return client.post(reverse("console_undo", args=["front"]), {"comments": ids, **extra})


def test_it_puts_a_rejected_comment_back_in_review_with_a_new_verdict(
    mod_client, moderator, in_review
):
    comment = in_review("Take it back.", {"threat": 0.6})
    decide(mod_client, comment, "reject", "threat")

    response = undo(mod_client, comment)

    # It should go back to the queue, keeping the rejection in the history.
    assert response.status_code == 303
    assert response["Location"] == reverse("console_queue", args=["front"])
    comment.refresh_from_db()
    assert comment.status == Status.REVIEW
    assert [(v.moderator, v.decision) for v in comment.verdicts.order_by("id")] == [
        (None, "review"),
        (moderator, "reject"),
        (moderator, "review"),
    ]
    undone = AuditEntry.objects.get(action=Action.UNDO)
    assert undone.undid == AuditEntry.objects.get(action=Action.REVIEW_DECISION)
    assert undone.verdict == comment.latest_verdict()
    page = mod_client.get(response["Location"]).content.decode()
    assert "Take it back." in page
    assert "back in the queue" in page
    history = mod_client.get(reverse("console_history", args=[comment.pk])).content.decode()
    assert "(undid the decision above)" in history


def test_the_queue_offers_undo_after_a_decision(mod_client, in_review):
    comment = in_review("Offer undo.", {"threat": 0.6})

    response = decide(mod_client, comment, "approve")

    page = mod_client.get(response["Location"]).content.decode()
    assert 'id="undo"' in page
    assert f'name="comments" value="{comment.pk}"' in page
    assert f"Published: comment {comment.pk}." in page


def test_it_refuses_an_undo_after_the_window(mod_client, in_review, monkeypatch):
    comment = in_review("Too late.", {"threat": 0.6})
    decide(mod_client, comment, "reject", "threat")
    monkeypatch.setattr(undo_module, "UNDO_WINDOW", timedelta(0))

    response = undo(mod_client, comment)

    assert response.status_code == 409
    assert "Too late to undo" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert not AuditEntry.objects.filter(action=Action.UNDO).exists()


def test_it_refuses_to_undo_another_moderators_decision(mod_client, site, in_review):
    comment = in_review("Not yours.", {"threat": 0.6})
    decide(mod_client, comment, "reject", "threat")
    zoe = Client()
    zoe.force_login(person("zoe", site, Role.MODERATOR))

    response = undo(zoe, comment)

    assert response.status_code == 403
    assert "is not yours" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED


def test_it_refuses_to_undo_twice_or_what_was_never_decided(mod_client, in_review):
    decided = in_review("Once.", {"threat": 0.6})
    waiting = in_review("Never decided.", {"threat": 0.6})
    decide(mod_client, decided, "reject", "threat")
    assert undo(mod_client, decided).status_code == 303

    again = undo(mod_client, decided)
    never = undo(mod_client, waiting)

    assert again.status_code == never.status_code == 409
    assert "no decision on comment" in again.content.decode()
    assert AuditEntry.objects.filter(action=Action.UNDO).count() == 1


def test_it_refuses_to_undo_an_appeal_decision(mod_client, moderator, rejected):
    comment = rejected()
    Appeal.objects.create(comment=comment, message="Please.")
    mod_client.post(
        reverse("console_decide_appeal", args=["front", comment.pk]), {"decision": "approve"}
    )

    response = undo(mod_client, comment)

    assert response.status_code == 409
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


def test_undoing_a_reported_decision_sends_it_back_to_the_reported_tab(mod_client, published, site):
    comment = published("Reported, then kept up.")
    send_report(reader_client("r1"), comment, "threat")
    decide(mod_client, comment, "approve", tab="reported")
    assert not Escalation.objects.filter(comment=comment, closed_at=None).exists()

    response = undo(mod_client, comment, tab="reported")

    assert response["Location"] == reverse("console_reported", args=["front"])
    comment.refresh_from_db()
    assert comment.status == Status.REVIEW
    assert Escalation.objects.get(comment=comment, closed_at=None).hidden
    page = mod_client.get(reverse("console_reported", args=["front"])).content.decode()
    assert "Reported, then kept up." in page


def test_it_undoes_a_whole_bulk_decision(mod_client, in_review):
    first = in_review("One.", {"promotion": 0.6})
    second = in_review("Two.", {"promotion": 0.6})
    mod_client.post(
        reverse("console_bulk", args=["front"]),
        {"tab": "review", "decision": "reject", "comments": [first.pk, second.pk]},
    )

    response = undo(mod_client, first, second)

    assert response.status_code == 303
    assert Verdict.objects.filter(decision="review").exclude(moderator=None).count() == 2
    for comment in (first, second):
        comment.refresh_from_db()
        assert comment.status == Status.REVIEW


def test_it_refuses_an_undo_without_csrf_token(moderator, in_review, mod_client):
    comment = in_review("CSRF.", {"threat": 0.6})
    decide(mod_client, comment, "reject", "threat")
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)

    response = undo(client, comment)

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
