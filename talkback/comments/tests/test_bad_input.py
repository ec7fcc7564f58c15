"""Bad input gets a clear 4xx message in the page, and nothing is stored."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from talkback.comments.forms import form_stamp
from talkback.comments.models import Comment, Verdict
from talkback.newsroom.models import Article


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"text": ""}, 400, "Your comment is empty."),
        ({"text": "   \n\t  "}, 400, "Your comment is empty."),
        ({"text": "x" * 5001}, 400, "the limit is 5,000"),
        ({"text": "nul \x00 byte"}, 400, "NUL characters"),
        ({"text": "fine", "author_name": ""}, 400, "Please give the name"),
        ({"text": "fine", "author_email": "not-an-email"}, 400, "valid email address"),
        ({"text": "fine", "parent": "999999"}, 400, "does not exist"),
    ],
)
def test_it_refuses_bad_comments_with_a_clear_message(
    client, article, post, fields, status, message
):
    response = post(article, **fields)

    assert response.status_code == status
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_it_accepts_a_comment_of_exactly_the_length_limit(article, post):
    assert post(article, text="a" * 5000).status_code == 302


def test_it_refuses_bytes_that_are_not_utf8(client, article):
    url = reverse("post_comment", kwargs={"site_slug": article.site.slug, "article_id": article.pk})
    body = b"text=caf%E9+latin1&author_name=G&author_email=g%40example.org"

    response = client.post(url, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert "not valid UTF-8" in response.content.decode()
    assert not Comment.objects.exists()


def test_it_refuses_a_reply_to_a_comment_of_another_article(client, article, post):
    other = Article.objects.create(site=article.site, external_id="other", title="Another story")
    post(other, text="The other story deserves a follow-up.")
    elsewhere = Comment.objects.get()

    response = post(article, text="My reply", parent=str(elsewhere.pk))

    assert response.status_code == 400
    assert "belongs to another article" in response.content.decode()
    assert Comment.objects.count() == 1


def test_it_refuses_comments_on_a_closed_article(client, article, post):
    article.comments_open = False
    article.save()

    response = post(article, text="Too late?")

    assert response.status_code == 403
    assert "Comments are closed" in response.content.decode()
    assert not Comment.objects.exists()
    assert "Comments are closed" in client.get(article.get_absolute_url()).content.decode()


def test_it_answers_404_for_a_missing_article(client, site):
    url = reverse("post_comment", kwargs={"site_slug": site.slug, "article_id": 4242})

    assert client.post(url, {"text": "hello"}).status_code == 404
    assert (
        client.get(
            reverse("article", kwargs={"site_slug": site.slug, "article_id": 4242})
        ).status_code
        == 404
    )
    assert not Verdict.objects.exists()


def test_it_reads_raw_utf8_form_bodies_as_browsers_send_them(client, article):
    url = reverse("post_comment", kwargs={"site_slug": article.site.slug, "article_id": article.pk})
    stamp = form_stamp(time.time() - 60)
    body = f"text=café au lait&author_name=G&author_email=g%40example.org&rendered_at={stamp}"

    response = client.post(url, body.encode(), content_type="application/x-www-form-urlencoded")

    assert response.status_code == 302
    assert Comment.objects.get().text == "café au lait"


def test_it_refuses_a_multipart_post_rather_than_guess_its_encoding(client, article):
    url = reverse("post_comment", kwargs={"site_slug": article.site.slug, "article_id": article.pk})

    response = client.post(url, {"text": "café", "author_name": "G", "author_email": "g@e.org"})

    assert response.status_code == 400
    assert "application/x-www-form-urlencoded" in response.content.decode()
    assert not Comment.objects.exists()
