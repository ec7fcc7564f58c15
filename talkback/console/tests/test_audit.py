"""The audit log: an entry for every action, a filtered page, a streamed CSV export safe to open
in a spreadsheet, and no way to change or delete anything, in the UI, the admin or the database."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from talkback.comments.models import ImmutableError
from talkback.console.audit import record
from talkback.console.models import (
    Action,
    Appeal,
    AuditEntry,
    Escalation,
    Report,
    Role,
    SiteRole,
    SiteSettings,
)
from talkback.console.tests.conftest import person
from talkback.console.views.audit import safe_cell


@pytest.fixture
def mod_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def decide(client, comment, decision, *reasons):
    url = reverse("console_decide", args=["front", comment.pk])
    return client.post(url, {"decision": decision, "reasons": list(reasons)})


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_a_decision_is_logged_with_what_the_machine_said(mod_client, moderator, in_review, site):
    comment = in_review("Hmm.", {"threat": 0.6, "profanity": 0.55})

    decide(mod_client, comment, "approve")

    entry = AuditEntry.objects.get()
    assert (entry.site, entry.actor, entry.action) == (site, moderator, Action.REVIEW_DECISION)
    assert entry.comment == comment and entry.verdict == comment.latest_verdict()
    # The machine suspected a threat (its gravest) and the moderator approved: an overturn.
    assert (entry.decision, entry.machine, entry.category) == ("approve", "review", "threat")
    assert entry.detail == {"reasons": []}


def test_the_page_lists_and_filters_the_sites_entries(mod_client, moderator, in_review, site):
    first = in_review("one", {"threat": 0.6})
    second = in_review("two", {"threat": 0.6})
    decide(mod_client, first, "reject", "threat")
    decide(mod_client, second, "approve")
    ada = person("ada", site, Role.ADMIN)
    record(site, ada, Action.MODERATOR_ADDED, username="<b>zoe</b>", role="moderator")

    def listed(**params):
        response = mod_client.get(reverse("console_audit", args=["front"]), params)
        assert response.status_code == 200
        return response.content.decode()

    page = listed()
    assert page.count('class="entry"') == 3
    assert "&lt;b&gt;zoe&lt;/b&gt;" in page and "<b>zoe</b>" not in page
    assert listed(action="moderator_added").count('class="entry"') == 1
    assert listed(actor="MO").count('class="entry"') == 2
    assert listed(comment=first.pk).count('class="entry"') == 1
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert listed(since=tomorrow).count('class="entry"') == 0
    assert listed(until=tomorrow, since="not a date").count('class="entry"') == 3


def test_it_shows_no_other_sites_entries(mod_client, other_site, site):
    record(other_site, person("otto", other_site, Role.MODERATOR), Action.MODERATOR_ADDED)

    page = mod_client.get(reverse("console_audit", args=["front"])).content.decode()

    assert 'class="entry"' not in page


def test_the_csv_export_streams_the_filtered_entries(mod_client, in_review):
    comment = in_review("one", {"threat": 0.6})
    decide(mod_client, comment, "reject", "threat", "vulgarity")

    response = mod_client.get(reverse("console_audit_csv", args=["front"]), {"actor": "mo"})

    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-front-')
    header, row = csv_rows(response)
    assert header[:4] == ["time", "actor", "action", "comment"]
    assert row[1:8] == [
        "mo",
        "review_decision",
        str(comment.pk),
        "reject",
        "review",
        "threat",
        "vulgarity threat",
    ]


def test_the_csv_export_defuses_formulas(mod_client, site):
    evil = person('=HYPERLINK("http://x")', site, Role.ADMIN)
    record(site, evil, Action.MODERATOR_ADDED, username="@SUM(1)", role="+1")

    rows = csv_rows(mod_client.get(reverse("console_audit_csv", args=["front"])))

    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][8].startswith("{")  # JSON text is left alone


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_it_prefixes_a_formula_cell_with_a_quote(cell):
    assert safe_cell(cell) == "'" + cell
    assert safe_cell("plain") == "plain"


def test_entries_cannot_be_changed_or_deleted_in_the_model_layer(site, moderator):
    entry = record(site, moderator, Action.MODERATOR_ADDED)

    entry.action = Action.MODERATOR_REMOVED
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(ImmutableError):
        entry.delete()
    with pytest.raises(ImmutableError):
        AuditEntry.objects.update(action="undo")
    with pytest.raises(ImmutableError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().action == Action.MODERATOR_ADDED


@pytest.fixture
def trail(site, moderator, published, rejected):
    """One row of each audit table."""
    comment = published()
    report = Report.objects.create(comment=comment, reporter="user:1", reason="threat")
    escalation = Escalation.objects.create(comment=comment, hidden=False)
    appeal = Appeal.objects.create(comment=rejected(), message="Please.")
    entry = record(site, moderator, Action.MODERATOR_ADDED)
    return {"report": report, "escalation": escalation, "appeal": appeal, "entry": entry}


REFUSED_SQL = [
    ("entry", "UPDATE console_auditentry SET action = 'undo' WHERE id = %s", "append-only"),
    ("entry", "DELETE FROM console_auditentry WHERE id = %s", "append-only"),
    ("report", "UPDATE console_report SET reason = 'other' WHERE id = %s", "append-only"),
    ("report", "DELETE FROM console_report WHERE id = %s", "append-only"),
    ("appeal", "UPDATE console_appeal SET message = 'edited' WHERE id = %s", "never change"),
    ("appeal", "DELETE FROM console_appeal WHERE id = %s", "never deleted"),
    ("escalation", "DELETE FROM console_escalation WHERE id = %s", "never deleted"),
]


@pytest.mark.parametrize("row, sql, message", REFUSED_SQL)
def test_the_database_refuses_to_rewrite_the_trail(trail, row, sql, message):
    with (
        pytest.raises((IntegrityError, DatabaseError)) as raised,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [trail[row].pk])

    assert message in str(raised.value)


def test_the_database_sets_an_appeals_outcome_and_closes_an_escalation_once(trail):
    appeal, escalation = trail["appeal"], trail["escalation"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE console_appeal SET decision = 'upheld' WHERE id = %s", [appeal.pk])
        cursor.execute(
            "UPDATE console_escalation SET closed_at = %s WHERE id = %s",
            [timezone.now(), escalation.pk],
        )
    for sql, pk in [
        ("UPDATE console_appeal SET decision = 'overturned' WHERE id = %s", appeal.pk),
        ("UPDATE console_escalation SET closed_at = NULL WHERE id = %s", escalation.pk),
    ]:
        with (
            pytest.raises((IntegrityError, DatabaseError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [pk])
    appeal.refresh_from_db()
    assert appeal.decision == "upheld"


@pytest.mark.parametrize("model", [AuditEntry, Report, Escalation, Appeal, SiteRole, SiteSettings])
def test_the_admin_only_reads_the_console_records(site, model):
    staff = person("root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    SiteSettings.objects.create(site=site)
    SiteRole.objects.create(site=site, user=staff, role=Role.ADMIN)
    name = f"admin:console_{model._meta.model_name}"

    assert client.get(reverse(f"{name}_changelist")).status_code == 200
    assert client.get(reverse(f"{name}_add")).status_code == 403
    if model in (SiteRole, SiteSettings):
        pk = model.objects.get().pk
        assert client.post(reverse(f"{name}_change", args=[pk]), {}).status_code == 403
        assert client.post(reverse(f"{name}_delete", args=[pk]), {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=pk).exists()
