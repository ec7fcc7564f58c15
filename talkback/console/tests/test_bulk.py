"""Bulk decisions: each selected comment decided as if alone, each refusal listed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from talkback.comments.models import Status, Verdict
from talkback.console.models import Action, Appeal, AuditEntry


@pytest.fixture
def mod_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def bulk(client, decision, *comments, reasons=(), tab="review", **extra):
    data = {
        "tab": tab,
        "decision": decision,
        "comments": [comment.pk for comment in comments],
        "reasons": list(reasons),
        **extra,
    }
    return client.post(reverse("console_bulk", args=["front"]), data)


def test_it_approves_a_selection(mod_client, moderator, in_review):
    selected = [in_review(f"fine {n}", {"off_topic": 0.6}) for n in range(3)]
    left = in_review("not selected", {"off_topic": 0.6})

    response = bulk(mod_client, "approve", *selected, category="off_topic")

    assert response.status_code == 303
    assert response["Location"].endswith("?category=off_topic")
    for comment in selected:
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED
        assert comment.latest_verdict().moderator == moderator
    left.refresh_from_db()
    assert left.status == Status.REVIEW
    assert AuditEntry.objects.filter(action=Action.REVIEW_DECISION).count() == 3
    assert "Approved 3 comments." in mod_client.get(response["Location"]).content.decode()


def test_a_rejection_without_reasons_uses_each_comments_suspicions(mod_client, in_review):
    spam = in_review("buy now", {"promotion": 0.6})
    insult = in_review("you clown", {"personal_attack": 0.6})

    bulk(mod_client, "reject", spam, insult)

    assert Verdict.objects.exclude(moderator=None).get(comment=spam).reasons == ["promotion"]
    assert Verdict.objects.exclude(moderator=None).get(comment=insult).reasons == [
        "personal_attack"
    ]


def test_a_rejection_with_reasons_applies_them_to_all(mod_client, in_review):
    comments = [in_review(f"c{n}", {"threat": 0.6}) for n in range(2)]

    bulk(mod_client, "reject", *comments, reasons=["vulgarity"])

    assert [v.reasons for v in Verdict.objects.exclude(moderator=None)] == [["vulgarity"]] * 2


def test_it_lists_refusals_and_records_the_rest(mod_client, in_review, other_article, article):
    fine = in_review("fine", {"threat": 0.6})
    failed = in_review("the machine failed")  # nothing suspected: no reason to reject for
    theirs = in_review("other site", {"threat": 0.6}, article=other_article)

    response = bulk(mod_client, "reject", fine, failed, theirs)

    page = mod_client.get(response["Location"]).content.decode()
    assert "Rejected 1 comment." in page
    assert f"Comment {failed.pk}: A rejection needs at least one reason" in page
    assert f"Comment {theirs.pk}: Comment {theirs.pk} is not in the queue" in page
    statuses = {c.pk: c.status for c in [fine, failed, theirs] if not c.refresh_from_db()}
    assert statuses == {
        fine.pk: Status.REJECTED,
        failed.pk: Status.REVIEW,
        theirs.pk: Status.REVIEW,
    }


@pytest.mark.parametrize(
    "data, message",
    [
        ({"decision": "approve", "comments": []}, "Select at least one comment."),
        ({"decision": "approve", "comments": list(range(1, 102))}, "at most 100"),
        ({"decision": "maybe", "comments": [1]}, "Choose approve or reject."),
        ({"decision": "approve", "comments": [1], "tab": "nowhere"}, "Choose a queue."),
    ],
)
def test_it_refuses_a_malformed_bulk_decision(mod_client, in_review, data, message):
    comment = in_review("x", {"threat": 0.6})
    data = {"tab": "review", **data}
    if data["comments"] == [1]:
        data["comments"] = [comment.pk]

    response = mod_client.post(reverse("console_bulk", args=["front"]), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.REVIEW


def test_it_decides_appeals_in_bulk(mod_client, rejected):
    comments = [rejected(f"appeal {n}") for n in range(2)]
    for comment in comments:
        Appeal.objects.create(comment=comment, message="Please.")

    response = bulk(mod_client, "approve", *comments, tab="appeals")

    assert response["Location"] == reverse("console_appeals", args=["front"])
    assert AuditEntry.objects.filter(action=Action.APPEAL_DECISION).count() == 2
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED


def test_it_refuses_a_bulk_decision_without_csrf_token(moderator, in_review):
    comment = in_review("x", {"threat": 0.6})
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)

    response = bulk(client, "approve", comment)

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.REVIEW
