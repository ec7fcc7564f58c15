"""Every console page and action, for every role: who gets in, who is sent to sign in, who is
refused (403), and that a refused decision changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client
from django.urls import reverse

from talkback.comments.models import Status, Verdict
from talkback.console.decisions import decide
from talkback.console.models import Appeal, AppealDecision, AuditEntry
from talkback.console.roles import can_administer, can_moderate
from talkback.console.tests.test_site_admin import settings_data

ALLOWED = {"moderator", "site_admin", "staff"}
EVERYONE = ["anonymous", "reader", "other_moderator", "moderator", "site_admin", "staff"]


@pytest.mark.parametrize("who", EVERYONE)
def test_it_lets_only_the_site_moderators_see_the_queue(who, personas, signed_in, in_review):
    in_review("Only moderators read this.", {"personal_attack": 0.6})

    response = signed_in(personas[who]).get(reverse("console_queue", args=["front"]))

    _assert_gate(who, response)
    if who in ALLOWED:
        assert "Only moderators read this." in response.content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_it_lets_only_the_site_moderators_see_a_comment_history(
    who, personas, signed_in, in_review
):
    comment = in_review("A history to read.", {"threat": 0.6})

    response = signed_in(personas[who]).get(reverse("console_history", args=[comment.pk]))

    _assert_gate(who, response)
    if who in ALLOWED:
        assert "A history to read." in response.content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_it_lets_only_the_site_moderators_decide(who, personas, signed_in, in_review):
    comment = in_review("Decide me.", {"profanity": 0.6})
    url = reverse("console_decide", args=["front", comment.pk])

    response = signed_in(personas[who]).post(url, {"decision": "approve"})

    _assert_gate(who, response, allowed_status=303)
    comment.refresh_from_db()
    moderator_verdicts = Verdict.objects.filter(comment=comment).exclude(moderator=None)
    if who in ALLOWED:
        assert comment.status == Status.APPROVED
        assert moderator_verdicts.get().moderator == personas[who]
    else:
        assert comment.status == Status.REVIEW
        assert not moderator_verdicts.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_it_lists_on_the_console_home_only_the_sites_one_moderates(who, personas, signed_in):
    response = signed_in(personas[who]).get(reverse("console_home"))

    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    page = response.content.decode()
    assert response.status_code == 200
    assert ("The Daily Front" in page) == (who in ALLOWED)
    assert ("The Evening Other" in page) == (who in {"other_moderator", "staff"})


@pytest.mark.parametrize("who", EVERYONE)
def test_it_grants_roles_per_site(who, personas, site, other_site):
    user = personas[who]
    if user is None:
        user = AnonymousUser()

    assert can_moderate(user, site) == (who in ALLOWED)
    assert can_administer(user, site) == (who in {"site_admin", "staff"})
    assert can_moderate(user, other_site) == (who in {"other_moderator", "staff"})


def test_it_refuses_a_deactivated_moderator(moderator, site):
    moderator.is_active = False
    moderator.save()

    assert not can_moderate(moderator, site)


def _assert_gate(who, response, allowed_status=200):
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif who in ALLOWED:
        assert response.status_code == allowed_status
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("tab", ["console_reported", "console_appeals"])
def test_it_lets_only_the_site_moderators_see_the_reported_and_appeals_tabs(
    who, tab, personas, signed_in
):
    response = signed_in(personas[who]).get(reverse(tab, args=["front"]))

    _assert_gate(who, response)


@pytest.mark.parametrize("who", EVERYONE)
def test_it_lets_only_the_site_moderators_decide_an_appeal(who, personas, signed_in, rejected):
    comment = rejected("Appeal me.")
    Appeal.objects.create(comment=comment, message="Please.")
    url = reverse("console_decide_appeal", args=["front", comment.pk])

    response = signed_in(personas[who]).post(url, {"decision": "approve"})

    _assert_gate(who, response, allowed_status=303)
    comment.refresh_from_db()
    appeal = Appeal.objects.get()
    if who in ALLOWED:
        assert comment.status == Status.APPROVED
        assert appeal.decided_by == personas[who]
    else:
        assert comment.status == Status.REJECTED
        assert appeal.decision == AppealDecision.PENDING


def test_it_refuses_an_appeal_decision_without_csrf_token(moderator, rejected):
    comment = rejected()
    Appeal.objects.create(comment=comment, message="Please.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)

    response = client.post(
        reverse("console_decide_appeal", args=["front", comment.pk]), {"decision": "approve"}
    )

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert Appeal.objects.get().decision == AppealDecision.PENDING


ADMINS = {"site_admin", "staff"}


def _assert_admin_gate(who, response, allowed_status=200):
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif who in ADMINS:
        assert response.status_code == allowed_status
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("page", ["console_audit", "console_audit_csv", "console_statistics"])
def test_it_lets_only_the_site_moderators_read_the_audit_log_and_statistics(
    who, page, personas, signed_in
):
    response = signed_in(personas[who]).get(reverse(page, args=["front"]))

    _assert_gate(who, response)


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("page", ["console_team", "console_settings"])
def test_it_lets_only_site_admins_and_staff_manage_the_site(who, page, personas, signed_in):
    response = signed_in(personas[who]).get(reverse(page, args=["front"]))

    _assert_admin_gate(who, response)


@pytest.mark.parametrize("who", EVERYONE)
def test_it_lets_only_the_site_moderators_decide_in_bulk(who, personas, signed_in, in_review):
    comment = in_review("Bulk me.", {"promotion": 0.6})

    response = signed_in(personas[who]).post(
        reverse("console_bulk", args=["front"]),
        {"tab": "review", "decision": "reject", "comments": [comment.pk]},
    )

    _assert_gate(who, response, allowed_status=303)
    comment.refresh_from_db()
    assert comment.status == (Status.REJECTED if who in ALLOWED else Status.REVIEW)
    assert AuditEntry.objects.exists() == (who in ALLOWED)


@pytest.mark.parametrize("who", EVERYONE)
def test_it_lets_only_the_deciding_moderator_undo(who, personas, signed_in, in_review, site):
    comment = in_review("Undo me.", {"threat": 0.6})
    decider = personas[who] if who in ALLOWED else personas["moderator"]
    decide(site, comment.pk, decider, "reject", ["threat"])

    response = signed_in(personas[who]).post(
        reverse("console_undo", args=["front"]), {"comments": [comment.pk]}
    )

    _assert_gate(who, response, allowed_status=303)
    comment.refresh_from_db()
    assert comment.status == (Status.REVIEW if who in ALLOWED else Status.REJECTED)


@pytest.mark.parametrize("who", EVERYONE)
def test_it_lets_only_site_admins_add_and_remove_moderators(who, personas, signed_in, site):
    client = signed_in(personas[who])
    newcomer = User.objects.create_user("newcomer")

    added = client.post(
        reverse("console_team", args=["front"]), {"username": "newcomer", "role": "moderator"}
    )
    removed = client.post(
        reverse("console_remove_moderator", args=["front", personas["moderator"].pk])
    )

    _assert_admin_gate(who, added, allowed_status=303)
    _assert_admin_gate(who, removed, allowed_status=303)
    assert can_moderate(newcomer, site) == (who in ADMINS)
    assert can_moderate(personas["moderator"], site) == (who not in ADMINS)
    assert AuditEntry.objects.count() == (2 if who in ADMINS else 0)


@pytest.mark.parametrize("who", EVERYONE)
def test_it_lets_only_site_admins_change_the_settings(who, personas, signed_in, site):
    data = settings_data(site, threat_review="0.2")

    response = signed_in(personas[who]).post(reverse("console_settings", args=["front"]), data)

    _assert_admin_gate(who, response, allowed_status=303)
    site.refresh_from_db()
    assert (site.moderation_policy().thresholds["threat"].review == 0.2) == (who in ADMINS)
    assert AuditEntry.objects.exists() == (who in ADMINS)


@pytest.mark.parametrize(
    "name, args",
    [
        ("console_bulk", ["front"]),
        ("console_undo", ["front"]),
        ("console_team", ["front"]),
        ("console_settings", ["front"]),
    ],
)
def test_it_refuses_every_new_post_without_csrf_token(name, args, personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["site_admin"])

    response = client.post(reverse(name, args=args), {"username": "reader", "role": "admin"})

    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert not AuditEntry.objects.exists()
