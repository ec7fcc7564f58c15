"""Shared test personas and helpers (STYLE.md G12): built in plain ORM code, no fixture files."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import settings as hypothesis_settings

from talkback.comments.forms import form_stamp
from talkback.newsroom.models import Article, Site

# No per-example deadline: CI machines are shared and noisy, and speed is measured in bench/.
hypothesis_settings.register_profile("talkback", deadline=None, print_blob=True)
hypothesis_settings.load_profile("talkback")


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Any:
    """Each test starts with no request counted against any rate limit (they live in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db: None) -> Site:
    return Site.objects.create(name="The Daily Front", slug="front")


@pytest.fixture
def article(site: Site) -> Article:
    return Article.objects.create(
        site=site,
        external_id="strikes-1",
        title="Air force strikes two targets across the border",
        body="The air force struck two targets on Tuesday, it said in a statement.",
    )


@pytest.fixture
def rob(db: None) -> User:
    """A signed-up reader."""
    return User.objects.create_user("rob", password="correct horse battery", first_name="Rob")


@pytest.fixture
def post(client: Client, django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Post the comment form as a browser does (urlencoded), running on-commit moderation as
    production does."""

    def post(article: Article, client: Client = client, **data: Any) -> Any:
        fields = {
            "author_name": "Gina Guest",
            "author_email": "gina@example.org",
            # The form as shown a minute ago: a person's pace, not a bot's.
            "rendered_at": form_stamp(time.time() - 60),
            **data,
        }
        url = reverse(
            "post_comment", kwargs={"site_slug": article.site.slug, "article_id": article.pk}
        )
        body = urlencode(fields)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, body, content_type="application/x-www-form-urlencoded")

    return post
