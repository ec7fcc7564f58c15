"""Moderators work the queue and decide through the API, with the console's rules and audit."""

from __future__ import annotations

from django.contrib.auth.models import User

from talkback.api.models import ModeratorToken
from talkback.api.tests.conftest import in_review, published, token_of
from talkback.comments.models import Status, Verdict


def test_it_lists_the_queue_with_what_moderators_may_see(api, site, article, moderator_token):
    waiting = in_review(article, author_email="guest@example.org")
    published(article)

    response = api.call("GET", f"/sites/{site.slug}/queue", token=moderator_token)

    assert response.status_code == 200
    (card,) = response.json()["comments"]
    assert card["id"] == waiting.pk
    # Moderators, and only they, see a guest's email.
    assert card["author_email"] == "guest@example.org"
    assert card["reasons"] == ["personal_attack"] and card["scores"]["personal_attack"] == 0.97


def test_a_decision_is_recorded_as_the_moderators_verdict(api, site, article, moderator_token):
    comment = in_review(article)
    path = f"/sites/{site.slug}/queue/{comment.pk}/decision"

    response = api.call(
        "POST", path, {"decision": "reject", "reasons": ["threat"]}, moderator_token
    )

    assert response.status_code == 200 and response.json() == {
        "id": comment.pk,
        "status": "rejected",
    }
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    verdict = Verdict.objects.filter(comment=comment).latest("id")
    assert verdict.moderator == User.objects.get(username="mia")
    assert verdict.reasons == ["threat"]


def test_the_second_decision_gets_409_and_changes_nothing(api, site, article, moderator_token):
    comment = in_review(article)
    path = f"/sites/{site.slug}/queue/{comment.pk}/decision"
    api.call("POST", path, {"decision": "approve"}, moderator_token)

    response = api.call(
        "POST", path, {"decision": "reject", "reasons": ["threat"]}, moderator_token
    )

    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert Verdict.objects.filter(comment=comment, moderator__isnull=False).count() == 1


def test_it_refuses_a_rejection_without_reasons(api, site, article, moderator_token):
    comment = in_review(article)

    response = api.call(
        "POST",
        f"/sites/{site.slug}/queue/{comment.pk}/decision",
        {"decision": "reject"},
        moderator_token,
    )

    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_decision"
    comment.refresh_from_db()
    assert comment.status == Status.REVIEW


def test_a_moderator_of_another_site_and_a_reader_get_403(api, site, article, other_site):
    from talkback.console.models import Role, SiteRole

    otto = User.objects.create_user("otto")
    SiteRole.objects.create(site=other_site, user=otto, role=Role.MODERATOR)
    comment = in_review(article)

    for user in (otto, User.objects.create_user("rob")):
        token = token_of(user)
        queue = api.call("GET", f"/sites/{site.slug}/queue", token=token)
        decide = api.call(
            "POST",
            f"/sites/{site.slug}/queue/{comment.pk}/decision",
            {"decision": "approve"},
            token,
        )
        assert queue.status_code == decide.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.REVIEW


def test_it_answers_401_for_a_revoked_token_an_inactive_user_or_a_publisher_key(
    api, site, moderator_token, publisher_key
):
    ModeratorToken.objects.get().revoke()
    assert api.call("GET", f"/sites/{site.slug}/queue", token=moderator_token).status_code == 401

    sleeper = User.objects.create_user("sleeper", is_active=False, is_staff=True)
    assert api.call("GET", f"/sites/{site.slug}/queue", token=token_of(sleeper)).status_code == 401
    assert api.call("GET", f"/sites/{site.slug}/queue", token=publisher_key).status_code == 401
