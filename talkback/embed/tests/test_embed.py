"""The embedded thread: framed only by the site's origins, posting as a guest without cookies,
and creating the article on first view where the site allows it."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest
from django.test import Client

from talkback.api.tests.conftest import published
from talkback.comments.forms import form_stamp
from talkback.comments.models import Comment
from talkback.newsroom.models import Article

HOST = "https://news.example"


@pytest.fixture
def embeddable(site):
    site.allowed_origins = [HOST]
    site.save()
    return site


def entry(client, site, **params):
    query = {"article_id": "strikes-1", "origin": HOST, **params}
    return client.get(f"/embed/{site.slug}/?{urlencode(query)}")


def test_it_serves_the_script(client, db):
    response = client.get("/embed.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"event.origin !== talkback" in response.content


def test_it_shows_the_thread_framed_by_the_sites_origins_only(client, embeddable, article):
    published(article, text="Framed & <b>escaped</b>")

    response = entry(client, embeddable)

    assert response.status_code == 200
    assert f"frame-ancestors {HOST}" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    page = response.content.decode()
    assert "Framed &amp; &lt;b&gt;escaped&lt;/b&gt;" in page
    assert f'data-host-origin="{HOST}"' in page


def test_it_refuses_a_host_the_site_does_not_allow(client, embeddable, article):
    response = entry(client, embeddable, origin="https://evil.example")

    assert response.status_code == 403
    assert "frame-ancestors https://news.example" in response["Content-Security-Policy"]


def test_other_pages_still_refuse_every_frame(client, article):
    response = client.get(article.get_absolute_url())

    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_it_creates_the_article_on_first_view_when_the_site_allows(client, embeddable):
    embeddable.embed_creates_articles = True
    embeddable.save()
    params = {"article_id": "cms-7", "title": "New story", "url": f"{HOST}/stories/7"}

    first = entry(client, embeddable, **params)
    again = entry(client, embeddable, **params)

    assert first.status_code == again.status_code == 200
    article = Article.objects.get(external_id="cms-7")
    assert (article.title, article.url) == ("New story", f"{HOST}/stories/7")


@pytest.mark.parametrize(
    "params",
    [
        {"article_id": "cms-7", "title": "New story", "url": "https://elsewhere.example/7"},
        {"article_id": "cms-7", "title": "", "url": f"{HOST}/7"},
        {"article_id": "", "title": "New story", "url": f"{HOST}/7"},
    ],
)
def test_it_creates_no_article_from_doubtful_tags(client, embeddable, params):
    embeddable.embed_creates_articles = True
    embeddable.save()

    assert entry(client, embeddable, **params).status_code == 404
    assert not Article.objects.exists()


def test_it_creates_no_article_unless_the_site_allows(client, embeddable):
    params = {"article_id": "cms-7", "title": "New story", "url": f"{HOST}/7"}

    assert entry(client, embeddable, **params).status_code == 404
    assert not Article.objects.exists()


def test_a_reader_posts_without_cookies_and_sees_the_outcome(
    embeddable, article, django_capture_on_commit_callbacks
):
    # A browser on the publisher's page may send no Talkback cookie at all: no CSRF token either.
    client = Client(enforce_csrf_checks=True)
    body = urlencode(
        {
            "text": "Thanks for the clear report.",
            "author_name": "Gina",
            "author_email": "gina@example.org",
            "rendered_at": form_stamp(time.time() - 60),
        }
    )
    url = f"/embed/{embeddable.slug}/a/{article.pk}/comments?{urlencode({'origin': HOST})}"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.author_id is None and comment.author_email == "gina@example.org"
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert f"frame-ancestors {HOST}" in status["Content-Security-Policy"]
    assert 'id="outcome"' in status.content.decode()


def test_the_status_needs_the_token(client, embeddable, article):
    comment = published(article)

    response = client.get(f"/embed/comments/{comment.pk}/?{urlencode({'origin': HOST})}")

    assert response.status_code == 404
