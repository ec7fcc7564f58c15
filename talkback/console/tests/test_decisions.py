"""Moderators' decisions: recorded as their Verdicts, and refused (changing nothing) when they
cannot stand."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from talkback.comments.models import Comment, Status, Verdict
from talkback.console.models import Role, SiteRole
from talkback.console.tests.conftest import person


@pytest.fixture
def mod_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def decide(client, comment, decision, *reasons, site="front", **extra):
    url = reverse("console_decide", args=[site, comment.pk])
    return client.post(url, {"decision": decision, "reasons": list(reasons), **extra})


def moderator_verdicts(comment):
    return Verdict.objects.filter(comment=comment).exclude(moderator=None)


def test_it_approves_as_the_moderators_verdict(mod_client, moderator, in_review):
    comment = in_review("Borderline but fine.", {"personal_attack": 0.55})

    response = decide(mod_client, comment, "approve", "personal_attack")

    assert response.status_code == 303
    assert response["Location"] == reverse("console_queue", args=["front"])
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    verdict = comment.latest_verdict()
    assert verdict.moderator == moderator and verdict.decision == "approve"
    assert verdict.reasons == []
    assert comment.verdicts.count() == 2  # the machine's stays beside it


def test_it_rejects_with_the_reasons_chosen(mod_client, moderator, in_review):
    comment = in_review("You clown.", {"personal_attack": 0.6})

    response = decide(
        mod_client, comment, "reject", "vulgarity", "personal_attack", category="personal_attack"
    )

    assert response.status_code == 303
    assert response["Location"].endswith("?category=personal_attack")
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    verdict = moderator_verdicts(comment).get()
    assert verdict.moderator == moderator
    assert verdict.reasons == ["vulgarity", "personal_attack"]
    # The author now sees the moderator's statement of reasons.
    assert verdict == comment.latest_verdict()


@pytest.mark.parametrize(
    "decision, reasons, message",
    [
        ("reject", [], "A rejection needs at least one reason"),
        ("reject", ["swearing"], "Unknown reason codes: swearing."),
        ("review", [], "Choose approve or reject."),
        ("", [], "Choose approve or reject."),
    ],
)
def test_it_refuses_a_malformed_decision(mod_client, in_review, decision, reasons, message):
    comment = in_review("x", {"threat": 0.6})

    response = decide(mod_client, comment, decision, *reasons)

    assert response.status_code == 400
    assert message in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.REVIEW and not moderator_verdicts(comment).exists()


@pytest.mark.parametrize("status", [Status.PENDING, Status.APPROVED, Status.REJECTED])
def test_it_refuses_a_comment_not_in_review(mod_client, article, status):
    comment = Comment.objects.create(article=article, author_name="A", text="t", status=status)

    response = decide(mod_client, comment, "reject", "threat")

    assert response.status_code == 409
    assert "is not waiting for a moderator" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == status and not comment.verdicts.exists()


def test_it_refuses_a_comment_of_another_site(mod_client, in_review, other_article, other_site):
    theirs = in_review("Not yours.", {"threat": 0.6}, article=other_article)
    SiteRole.objects.create(site=other_site, user=person("otto"), role=Role.MODERATOR)

    response = decide(mod_client, theirs, "reject", "threat")

    assert response.status_code == 404
    assert f"Comment {theirs.pk} is not in the queue of The Daily Front." in (
        response.content.decode()
    )
    theirs.refresh_from_db()
    assert theirs.status == Status.REVIEW and not moderator_verdicts(theirs).exists()


def test_it_refuses_a_decision_without_csrf_token(moderator, in_review):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    comment = in_review("x", {"threat": 0.6})

    response = decide(client, comment, "reject", "threat")

    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.REVIEW and not moderator_verdicts(comment).exists()


def test_the_second_of_two_moderators_gets_a_conflict(mod_client, moderator, site, in_review):
    comment = in_review("Both look at it.", {"threat": 0.6})
    second = Client()
    second.force_login(person("zoe", site, Role.MODERATOR))
    # Both loaded the queue showing the comment before either decided.
    assert (
        "Both look at it." in second.get(reverse("console_queue", args=["front"])).content.decode()
    )

    first = decide(mod_client, comment, "reject", "threat")
    late = decide(second, comment, "approve")

    assert first.status_code == 303
    assert late.status_code == 409
    assert "already decided by mo (reject" in late.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert moderator_verdicts(comment).get().moderator == moderator


def test_it_answers_a_get_with_405(mod_client, in_review):
    comment = in_review("x", {"threat": 0.6})

    response = mod_client.get(reverse("console_decide", args=["front", comment.pk]))

    assert response.status_code == 405
    assert User.objects.filter(username="mo").exists()
