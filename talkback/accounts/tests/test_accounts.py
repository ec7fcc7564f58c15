"""Readers sign up, download their data, and erase it; the moderation record stays."""

from __future__ import annotations

import json

from django.contrib.auth.models import User
from django.test import Client

from talkback.api.tests.conftest import published, rejected
from talkback.comments.models import Comment, Verdict
from talkback.console.models import Appeal, Report

PASSWORD = "correct horse battery"


def test_a_reader_signs_up_and_is_signed_in(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "nora",
            "first_name": "Nora",
            "email": "nora@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="nora")
    assert user.email == "nora@example.org"
    assert client.get("/accounts/data/").status_code == 200


def test_sign_ups_from_one_address_are_limited_with_retry_after(client, db):
    def sign_up(n):
        return client.post(
            "/accounts/signup/",
            {
                "username": f"bot{n}",
                "first_name": "Bot",
                "email": f"bot{n}@example.org",
                "password1": "a long passphrase 42",
                "password2": "a long passphrase 42",
            },
        )

    for n in range(10):
        assert sign_up(n).status_code == 302
        client.logout()
    refused = sign_up(10)

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "too fast" in refused.content.decode()
    assert not User.objects.filter(username="bot10").exists()


def test_signing_up_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/signup/", {"username": "x"})

    assert response.status_code == 403


def test_the_data_pages_need_an_account(client, db):
    assert client.get("/accounts/data/").status_code == 302
    assert client.get("/accounts/data.json").status_code == 302


def test_a_reader_downloads_their_comments_reports_and_appeals(client, rob, article):
    mine = rejected(article, author=rob)
    Appeal.objects.create(comment=mine, message="It was irony.")
    other = published(article, text="Someone else's comment")
    Report.objects.create(comment=other, reporter=f"user:{rob.pk}", user=rob, reason="threat")
    client.force_login(rob)

    response = client.get("/accounts/data.json")

    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "rob"
    (comment,) = data["comments"]
    assert comment["text"] == "You are an idiot." and comment["reasons"] == ["personal_attack"]
    assert comment["appeal"]["message"] == "It was irony."
    assert data["reports"] == [
        {
            "comment": other.pk,
            "reason": "threat",
            "text": "",
            "created_at": data["reports"][0]["created_at"],
        }
    ]
    assert "Someone else's comment" not in response.content.decode()


def test_erasure_anonymises_comments_and_keeps_the_record(client, rob, article):
    comment = published(article, author=rob, author_name="Rob Reader")
    verdicts = Verdict.objects.filter(comment=comment).count()
    client.force_login(rob)

    wrong = client.post("/accounts/data/", {"password": "nope"})
    response = client.post("/accounts/data/", {"password": PASSWORD})

    assert wrong.status_code == 400
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.author is None and comment.author_email == ""
    assert comment.author_name == "Deleted reader"
    assert comment.text == "A fair point, well made."
    assert Verdict.objects.filter(comment=comment).count() == verdicts
    rob.refresh_from_db()
    assert not rob.is_active and not rob.has_usable_password() and rob.email == ""
    assert rob.username == f"deleted-{rob.pk}"
    # Signed out: the data page asks to sign in again.
    assert client.get("/accounts/data/").status_code == 302
    assert "Rob Reader" not in client.get(article.get_absolute_url()).content.decode()


def test_a_guests_email_is_shown_to_no_reader(client, article):
    published(article, author_email="secret-guest@example.org")

    page = client.get(article.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/sites/{article.site.slug}/articles/{article.pk}/comments")

    assert "secret-guest@example.org" not in page
    assert "secret-guest@example.org" not in api.content.decode()
    assert Comment.objects.get().author_email == "secret-guest@example.org"
