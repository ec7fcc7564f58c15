"""Site admins manage the site's moderators and settings from the console; every change is
audited, and a refused change changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from talkback.console.forms import SettingsForm
from talkback.console.models import Action, AuditEntry, Role, SiteRole, SiteSettings
from talkback.console.roles import can_moderate
from talkback.console.tests.conftest import person
from talkback.moderation.taxonomy import CATEGORIES


@pytest.fixture
def ada(site):
    return person("ada", site, Role.ADMIN)


@pytest.fixture
def admin_client(ada):
    client = Client()
    client.force_login(ada)
    return client


def settings_data(site, **changes):
    """The settings form as the page submits it unchanged, with `changes` over it."""
    data = {}
    for key, value in SettingsForm.initial_for(site).items():
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_it_adds_a_moderator_by_username(admin_client, ada, site):
    zoe = person("zoe")

    response = admin_client.post(
        reverse("console_team", args=["front"]), {"username": "Zoe", "role": "moderator"}
    )

    assert response.status_code == 303
    assert can_moderate(zoe, site)
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (ada, Action.MODERATOR_ADDED)
    assert entry.detail == {"username": "zoe", "role": "moderator"}
    page = admin_client.get(response["Location"]).content.decode()
    assert 'data-username="zoe"' in page and "Added Zoe." in page


@pytest.mark.parametrize(
    "username, message",
    [("nobody", "No active account is called “nobody”."), ("mo", "mo already has a role")],
)
def test_it_refuses_an_unknown_person_or_one_with_a_role(
    admin_client, moderator, username, message
):
    response = admin_client.post(
        reverse("console_team", args=["front"]), {"username": username, "role": "admin"}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert SiteRole.objects.get(user=moderator).role == Role.MODERATOR
    assert not AuditEntry.objects.exists()


def test_it_removes_a_moderator(admin_client, moderator, site):
    response = admin_client.post(reverse("console_remove_moderator", args=["front", moderator.pk]))

    assert response.status_code == 303
    assert not can_moderate(moderator, site)
    entry = AuditEntry.objects.get()
    assert entry.action == Action.MODERATOR_REMOVED
    assert entry.detail == {"username": "mo", "role": "moderator"}


def test_it_refuses_to_remove_oneself(admin_client, ada, site):
    response = admin_client.post(reverse("console_remove_moderator", args=["front", ada.pk]))

    assert "You cannot remove yourself" in admin_client.get(response["Location"]).content.decode()
    assert SiteRole.objects.filter(user=ada, site=site).exists()
    assert not AuditEntry.objects.exists()


def test_it_changes_thresholds_and_report_settings_and_logs_old_and_new(admin_client, site):
    data = settings_data(
        site,
        threat_review="0.3",
        reports_to_requeue="5",
        hide_reported=None,
        off_topic_enabled=None,
    )
    data.pop("hide_reported", None)
    data.pop("off_topic_enabled", None)

    response = admin_client.post(reverse("console_settings", args=["front"]), data)

    assert response.status_code == 303
    site.refresh_from_db()
    policy = site.moderation_policy()
    assert policy.thresholds["threat"].review == 0.3
    assert "off_topic" not in policy.thresholds
    config = SiteSettings.objects.get(site=site)
    assert (config.reports_to_requeue, config.hide_reported) == (5, False)
    entry = AuditEntry.objects.get()
    assert entry.action == Action.SETTINGS_CHANGED
    assert entry.detail["old"] == {
        "threat.review": 0.5,
        "off_topic.review": 0.5,
        "off_topic.reject": 0.8,
        "reports_to_requeue": 3,
        "hide_reported": True,
    }
    assert entry.detail["new"]["threat.review"] == 0.3
    assert entry.detail["new"]["off_topic.reject"] is None


def test_saving_unchanged_settings_logs_nothing(admin_client, site):
    response = admin_client.post(reverse("console_settings", args=["front"]), settings_data(site))

    assert response.status_code == 303
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"threat_review": "0.9", "threat_reject": "0.5"}, "cannot be above the reject"),
        ({"threat_review": "1.5"}, "less than or equal to 1"),
        ({"threat_review": ""}, "needs both thresholds"),
        ({"reports_to_requeue": "0"}, "greater than or equal to 1"),
    ],
)
def test_it_refuses_bad_settings(admin_client, site, changes, message):
    response = admin_client.post(
        reverse("console_settings", args=["front"]), settings_data(site, **changes)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    site.refresh_from_db()
    assert site.policy == {}
    assert not AuditEntry.objects.exists()


def test_the_settings_page_shows_the_current_values(admin_client, site):
    site.policy = {code: None for code in CATEGORIES} | {"threat": {"review": 0.4, "reject": 0.7}}
    site.save()

    page = admin_client.get(reverse("console_settings", args=["front"])).content.decode()

    assert 'name="threat_review" value="0.4"' in page
    assert 'name="threat_enabled" id="id_threat_enabled" checked' in page
    assert 'name="profanity_enabled" id="id_profanity_enabled">' in page
