"""The admin shows comments and verdicts but can neither edit nor delete them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from talkback.comments.models import Comment, Verdict
from talkback.moderation.taxonomy import CATEGORIES


@pytest.fixture
def staff_client(client, db):
    client.force_login(User.objects.create_superuser("mia", "mia@example.org", "pw"))
    return client


def test_it_lists_comments_but_offers_no_edit_or_delete(staff_client, article):
    comment = Comment.objects.create(article=article, author_name="G", text="Stays as written.")
    Verdict.objects.create(
        comment=comment, decision="approve", model_version="v", scores=dict.fromkeys(CATEGORIES)
    )

    listing = staff_client.get("/admin/comments/comment/")
    change = staff_client.post(f"/admin/comments/comment/{comment.pk}/change/", {"text": "Edited"})
    delete = staff_client.post(f"/admin/comments/comment/{comment.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200 and "Stays as written." in listing.content.decode()
    assert change.status_code == 403 and delete.status_code == 403
    assert Comment.objects.get().text == "Stays as written."
    assert Verdict.objects.count() == 1


def test_it_refuses_a_site_policy_outside_the_taxonomy(staff_client):
    response = staff_client.post(
        "/admin/newsroom/site/add/",
        {"name": "Bad", "slug": "bad", "default_language": "en", "policy": '{"swearing": null}'},
    )

    assert response.status_code == 200
    assert "unknown category codes: swearing" in response.content.decode()
