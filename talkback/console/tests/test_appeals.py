"""Appeals: the author of a rejected comment appeals once; a moderator other than the one who
rejected it decides; the author sees the outcome on the status page and by email."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from talkback.comments.models import Comment, ImmutableError, Status, Verdict
from talkback.comments.ownership import SESSION_KEY
from talkback.console.decisions import decide
from talkback.console.models import Appeal, AppealDecision, Role
from talkback.console.tests.conftest import person


def author_client(comment: Comment) -> Client:
    """A guest who posted `comment` in this session."""
    client = Client()
    session = client.session
    session[SESSION_KEY] = [comment.pk]
    session.save()
    return client


def send_appeal(client: Client, comment: Comment, message: str, **extra: str):
    return client.post(reverse("appeal_comment", args=[comment.pk]), {"message": message, **extra})


def status_page(client: Client, comment: Comment) -> str:
    return client.get(reverse("comment_status", args=[comment.pk])).content.decode()


def decide_appeal(client: Client, comment: Comment, decision: str, *reasons: str):
    url = reverse("console_decide_appeal", args=["front", comment.pk])
    return client.post(url, {"decision": decision, "reasons": list(reasons)})


@pytest.fixture
def rejected_by_moderator(in_review, site, moderator):
    """A comment the machine sent to review and `moderator` rejected."""
    comment = in_review("A sharp remark.", {"personal_attack": 0.6})
    return decide(site, comment.pk, moderator, "reject", ["personal_attack"])


@pytest.fixture
def second_moderator(site):
    return person("mia", site, Role.MODERATOR, email="mia@example.org")


def test_the_author_appeals_a_rejection_and_sees_it_on_the_status_page(rejected):
    comment = rejected("You are an idiot, but hear me out.")
    client = author_client(comment)
    assert 'id="appeal-form"' in status_page(client, comment)

    response = send_appeal(client, comment, "I was quoting <b>the minister</b>.")

    assert response.status_code == 302
    assert response["Location"] == reverse("comment_status", args=[comment.pk])
    appeal = Appeal.objects.get(comment=comment)
    assert appeal.message == "I was quoting <b>the minister</b>."
    assert appeal.decision == AppealDecision.PENDING
    page = status_page(client, comment)
    assert "I was quoting &lt;b&gt;the minister&lt;/b&gt;." in page
    assert 'data-decision=""' in page and 'id="appeal-form"' not in page


def test_a_signed_in_author_and_a_token_holder_may_appeal(rejected, rob):
    mine = rejected(author=rob)
    client = Client()
    client.force_login(rob)
    by_token = rejected("Posted through the API.")

    assert send_appeal(client, mine, "Please look again.").status_code == 302
    response = send_appeal(Client(), by_token, "Me too.", token=by_token.status_token)

    assert response.status_code == 302
    assert response["Location"].endswith(f"?token={by_token.status_token}")
    assert Appeal.objects.count() == 2


def test_only_the_author_may_appeal(rejected, rob):
    comment = rejected()
    client = Client()
    client.force_login(rob)

    response = send_appeal(client, comment, "Not mine, but still.")
    forged = send_appeal(Client(), comment, "Guessing.", token="wrong")

    assert (response.status_code, forged.status_code) == (404, 404)
    assert not Appeal.objects.exists()


def test_it_refuses_an_appeal_of_an_approved_comment(published):
    comment = published()

    response = send_appeal(author_client(comment), comment, "Why not?")

    assert response.status_code == 409
    assert "Only a rejected comment can be appealed" in response.content.decode()
    assert not Appeal.objects.exists()


def test_it_refuses_a_second_appeal(rejected):
    comment = rejected()
    client = author_client(comment)
    send_appeal(client, comment, "First and only.")

    response = send_appeal(client, comment, "Second try.")

    assert response.status_code == 409
    assert "already appealed" in response.content.decode()
    assert list(Appeal.objects.values_list("message", flat=True)) == ["First and only."]


def test_it_refuses_an_empty_appeal(rejected):
    comment = rejected()

    response = send_appeal(author_client(comment), comment, "   ")

    assert response.status_code == 400
    assert not Appeal.objects.exists()


def test_the_rejecting_moderator_may_not_decide_the_appeal(
    rejected_by_moderator, moderator, signed_in
):
    comment = rejected_by_moderator
    send_appeal(author_client(comment), comment, "Be fair.")
    verdicts = Verdict.objects.filter(comment=comment).count()
    listing = signed_in(moderator).get(reverse("console_appeals", args=["front"]))

    response = decide_appeal(signed_in(moderator), comment, "approve")

    assert "You rejected this comment" in listing.content.decode()
    assert response.status_code == 403
    assert "another moderator decides its appeal" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert Appeal.objects.get().decision == AppealDecision.PENDING
    assert Verdict.objects.filter(comment=comment).count() == verdicts
    assert mail.outbox == []


def test_another_moderator_publishes_on_appeal_and_the_author_is_told(
    rejected_by_moderator, second_moderator, signed_in
):
    comment = rejected_by_moderator
    author = author_client(comment)
    send_appeal(author, comment, "Be fair.")

    response = decide_appeal(signed_in(second_moderator), comment, "approve")

    assert response.status_code == 303
    assert response["Location"] == reverse("console_appeals", args=["front"])
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    latest = comment.latest_verdict()
    assert latest is not None and (latest.moderator, latest.decision) == (
        second_moderator,
        "approve",
    )
    appeal = Appeal.objects.get()
    assert (appeal.decision, appeal.decided_by) == (AppealDecision.OVERTURNED, second_moderator)
    [email] = mail.outbox
    assert email.to == ["gina@example.org"]
    assert email.subject == "Your appeal has been decided"
    assert "published your comment" in email.body
    assert reverse("comment_status", args=[comment.pk]) in email.body
    assert "your comment is published" in status_page(author, comment)


def test_an_upheld_appeal_keeps_the_rejection(rejected_by_moderator, second_moderator, signed_in):
    comment = rejected_by_moderator
    author = author_client(comment)
    send_appeal(author, comment, "Be fair.")

    response = decide_appeal(signed_in(second_moderator), comment, "reject", "personal_attack")

    assert response.status_code == 303
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert Verdict.objects.filter(
        comment=comment, moderator=second_moderator, decision="reject", reasons=["personal_attack"]
    ).exists()
    assert Appeal.objects.get().decision == AppealDecision.UPHELD
    [email] = mail.outbox
    assert "decision not to publish it stands" in email.body
    assert "the decision not to publish your comment stands" in status_page(author, comment)


def test_the_email_goes_to_a_signed_in_authors_account(rejected, rob, moderator, signed_in):
    rob.email = "rob@example.org"
    rob.save()
    comment = rejected(author=rob)
    client = Client()
    client.force_login(rob)
    send_appeal(client, comment, "Look again.")

    decide_appeal(signed_in(moderator), comment, "approve")

    assert [email.to for email in mail.outbox] == [["rob@example.org"]]


def test_any_moderator_decides_the_appeal_of_a_machine_rejection(rejected, moderator, signed_in):
    comment = rejected()
    send_appeal(author_client(comment), comment, "The machine got it wrong.")

    response = decide_appeal(signed_in(moderator), comment, "approve")

    assert response.status_code == 303
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


def test_an_appeal_is_decided_once(rejected, moderator, second_moderator, signed_in):
    comment = rejected()
    send_appeal(author_client(comment), comment, "Once.")
    decide_appeal(signed_in(moderator), comment, "reject", "personal_attack")

    response = decide_appeal(signed_in(second_moderator), comment, "approve")

    assert response.status_code == 409
    assert "already decided" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert Appeal.objects.get().decided_by == moderator
    assert len(mail.outbox) == 1


def test_an_upheld_appeal_needs_a_reason(rejected, moderator, signed_in):
    comment = rejected()
    send_appeal(author_client(comment), comment, "Once.")

    response = decide_appeal(signed_in(moderator), comment, "reject")

    assert response.status_code == 400
    assert Appeal.objects.get().decision == AppealDecision.PENDING
    assert mail.outbox == []


def test_the_appeals_tab_lists_the_appeal_with_its_message(rejected, moderator, signed_in):
    comment = rejected("Appealed words.")
    send_appeal(author_client(comment), comment, "Context: <i>satire</i>.")

    page = signed_in(moderator).get(reverse("console_appeals", args=["front"])).content.decode()

    assert "Appealed words." in page
    assert "Context: &lt;i&gt;satire&lt;/i&gt;." in page
    assert "Rejected by the machine." in page
    assert reverse("console_decide_appeal", args=["front", comment.pk]) in page


def test_an_appeal_of_another_sites_comment_is_not_decided_here(
    rejected, other_article, moderator, signed_in
):
    comment = rejected(article=other_article)
    send_appeal(author_client(comment), comment, "Elsewhere.")

    response = decide_appeal(signed_in(moderator), comment, "approve")

    assert response.status_code == 404
    assert Appeal.objects.get().decision == AppealDecision.PENDING


def test_appeals_are_never_deleted_nor_rewritten(rejected):
    comment = rejected()
    send_appeal(author_client(comment), comment, "Keep me.")

    with pytest.raises(ImmutableError):
        Appeal.objects.get().delete()
    appeal = Appeal.objects.get()
    appeal.message = "Rewritten."
    with pytest.raises(ImmutableError):
        appeal.save()
    assert Appeal.objects.get().message == "Keep me."
