"""Readers' reports: once per reader, sending a published comment back to the moderators at the
site's numbers (hidden meanwhile when the site says so), and the `reported` tab's decisions."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from talkback.comments.models import Comment, ImmutableError, Status, Verdict
from talkback.console.models import Escalation, Report, SiteSettings
from talkback.console.reports import REPORTS_VERSION, report
from talkback.console.tests.conftest import person
from talkback.moderation.taxonomy import REPORTED

THREAD = "Air force strikes two targets across the border"


def send_report(client: Client, comment: Comment, reason: str, text: str = ""):
    return client.post(
        reverse("report_comment", args=[comment.pk]), {"reason": reason, "text": text}
    )


def reader_client(name: str) -> Client:
    client = Client()
    client.force_login(person(name))
    return client


def thread_page(article) -> str:
    url = reverse("article", kwargs={"site_slug": article.site.slug, "article_id": article.pk})
    return Client().get(url).content.decode()


def test_it_records_a_signed_in_readers_report(published, rob):
    comment = published("Readers may disagree with this.")
    client = Client()
    client.force_login(rob)

    response = send_report(client, comment, "profanity")

    assert response.status_code == 200
    assert "your report was recorded" in response.content.decode()
    recorded = Report.objects.get(comment=comment)
    assert (recorded.reporter, recorded.user, recorded.reason) == (
        f"user:{rob.pk}",
        rob,
        "profanity",
    )
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED  # one report of a mild category is not enough


def test_it_refuses_a_second_report_by_the_same_reader(published, rob):
    comment = published()
    client = Client()
    client.force_login(rob)
    send_report(client, comment, "profanity")

    response = send_report(client, comment, "off_topic")

    assert response.status_code == 409
    assert "already reported this comment" in response.content.decode()
    assert list(Report.objects.filter(comment=comment).values_list("reason", flat=True)) == [
        "profanity"
    ]


def test_it_counts_a_guest_session_once(published):
    comment = published()
    guest, other_guest = Client(), Client()

    first = send_report(guest, comment, "profanity")
    again = send_report(guest, comment, "profanity")
    other = send_report(other_guest, comment, "profanity")

    assert (first.status_code, again.status_code, other.status_code) == (200, 409, 200)
    reporters = set(Report.objects.filter(comment=comment).values_list("reporter", flat=True))
    assert len(reporters) == 2 and all(r.startswith("guest:") for r in reporters)


def test_the_database_refuses_a_duplicate_report(published, rob):
    comment = published()
    report(comment, f"user:{rob.pk}", "profanity", user=rob)

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(comment=comment, reporter=f"user:{rob.pk}", reason="vulgarity")
    assert Report.objects.filter(comment=comment).count() == 1


@pytest.mark.parametrize(
    ("reason", "text", "status", "message"),
    [
        ("", "", 400, "Choose a reason"),
        ("not_a_category", "", 400, "Choose a reason"),
        ("other", "   ", 400, "say what is wrong"),
    ],
)
def test_it_refuses_a_report_without_a_reason(published, reason, text, status, message):
    comment = published()

    response = send_report(Client(), comment, reason, text)

    assert response.status_code == status
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_it_accepts_other_with_a_text(published):
    comment = published()

    response = send_report(Client(), comment, "other", "Spam for a casino.")

    assert response.status_code == 200
    assert Report.objects.get(comment=comment).text == "Spam for a casino."


def test_it_refuses_to_report_a_comment_not_published(in_review):
    comment = in_review("Still waiting.", {"profanity": 0.6})

    response = send_report(Client(), comment, "profanity")

    assert response.status_code == 409
    assert "Only a published comment can be reported" in response.content.decode()
    assert not Report.objects.exists()


def test_three_reports_send_it_back_hidden_through_a_recorded_verdict(published, article):
    comment = published("Three readers will not like this one.")
    for name in ("r1", "r2"):
        send_report(reader_client(name), comment, "off_topic")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert "Three readers will not like this one." in thread_page(article)

    send_report(reader_client("r3"), comment, "promotion")

    comment.refresh_from_db()
    assert comment.status == Status.REVIEW
    assert comment.text == "Three readers will not like this one."
    latest = comment.latest_verdict()
    assert latest is not None
    assert (latest.decision, latest.reasons, latest.moderator, latest.model_version) == (
        "review",
        [REPORTED],
        None,
        REPORTS_VERSION,
    )
    assert Escalation.objects.get(comment=comment, closed_at=None).hidden
    assert "Three readers will not like this one." not in thread_page(article)


@pytest.mark.parametrize("reason", ["threat", "identity_abuse"])
def test_one_report_of_a_severe_category_is_enough(published, reason):
    comment = published()

    send_report(Client(), comment, reason)

    comment.refresh_from_db()
    assert comment.status == Status.REVIEW
    assert Escalation.objects.filter(comment=comment, closed_at=None).exists()


def test_the_site_settings_decide_the_number_and_the_hiding(published, site, article):
    SiteSettings.objects.create(
        site=site, reports_to_requeue=2, severe_categories=[], hide_reported=False
    )
    comment = published("Stays up while it waits.")

    send_report(reader_client("r1"), comment, "threat")
    assert not Escalation.objects.exists()  # threat is not severe on this site
    send_report(reader_client("r2"), comment, "threat")

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert not Escalation.objects.get(comment=comment).hidden
    assert not Verdict.objects.filter(comment=comment, model_version=REPORTS_VERSION).exists()
    assert "Stays up while it waits." in thread_page(article)


def test_the_reported_tab_lists_it_with_its_reports_escaped(
    published, moderator, signed_in, in_review
):
    comment = published("Reported text here.")
    in_review("A plain review comment.", {"profanity": 0.6})
    send_report(reader_client("r1"), comment, "other", "<script>alert(1)</script>")
    send_report(reader_client("r2"), comment, "threat")
    client = signed_in(moderator)

    page = client.get(reverse("console_reported", args=["front"])).content.decode()
    review = client.get(reverse("console_queue", args=["front"])).content.decode()

    assert "Reported text here." in page
    assert "2 reports" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert 'data-reason="threat"' in page
    assert "A plain review comment." not in page
    assert "Reported text here." not in review
    assert "A plain review comment." in review


@pytest.mark.parametrize(("decision", "status"), [("approve", "approved"), ("reject", "rejected")])
def test_a_reported_decision_keeps_it_up_or_takes_it_down(
    published, moderator, signed_in, article, decision, status
):
    comment = published("Judge me again.")
    send_report(Client(), comment, "threat")
    client = signed_in(moderator)

    response = client.post(
        reverse("console_decide", args=["front", comment.pk]),
        {"decision": decision, "reasons": ["threat"], "tab": "reported"},
    )

    assert response.status_code == 303
    assert response["Location"] == reverse("console_reported", args=["front"])
    comment.refresh_from_db()
    assert comment.status == status
    assert Verdict.objects.filter(comment=comment, moderator=moderator, decision=decision).exists()
    closed = Escalation.objects.get(comment=comment)
    assert closed.closed_by == moderator and closed.closed_at is not None
    assert ("Judge me again." in thread_page(article)) == (decision == "approve")
    assert (
        "Judge me again."
        not in client.get(reverse("console_reported", args=["front"])).content.decode()
    )


def test_a_visible_reported_comment_is_decided_once(published, site, moderator, signed_in):
    SiteSettings.objects.create(site=site, hide_reported=False)
    comment = published()
    send_report(Client(), comment, "threat")
    url = reverse("console_decide", args=["front", comment.pk])
    signed_in(moderator).post(url, {"decision": "approve", "tab": "reported"})

    second = signed_in(person("mia", site, "moderator")).post(
        url, {"decision": "reject", "reasons": ["threat"]}
    )

    assert second.status_code == 409
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert Verdict.objects.filter(comment=comment).exclude(moderator=None).count() == 1


def test_the_thread_offers_a_report_form_with_csrf_for_published_comments(published, article):
    published("Report me if you must.")

    page = thread_page(article)

    assert 'class="report-form"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'value="identity_abuse"' in page and 'value="other"' in page


def test_it_refuses_a_report_without_csrf_token(published):
    comment = published()

    response = send_report(Client(enforce_csrf_checks=True), comment, "threat")

    assert response.status_code == 403
    assert not Report.objects.exists()


def test_reports_are_append_only(published, rob):
    comment = published()
    recorded = report(comment, f"user:{rob.pk}", "profanity", user=rob)

    recorded.reason = "threat"
    with pytest.raises(ImmutableError):
        recorded.save()
    with pytest.raises(ImmutableError):
        recorded.delete()
    with pytest.raises(ImmutableError):
        Report.objects.filter(pk=recorded.pk).update(reason="threat")
    with pytest.raises(ImmutableError):
        Report.objects.all().delete()
    assert Report.objects.get().reason == "profanity"


def test_reports_after_a_decision_count_afresh(published, moderator, signed_in):
    comment = published()
    send_report(reader_client("r1"), comment, "threat")
    signed_in(moderator).post(
        reverse("console_decide", args=["front", comment.pk]), {"decision": "approve"}
    )

    send_report(reader_client("r2"), comment, "profanity")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED

    send_report(reader_client("r3"), comment, "threat")
    comment.refresh_from_db()
    assert comment.status == Status.REVIEW
    assert Escalation.objects.filter(comment=comment).count() == 2
