"""The comment form against bots and floods: honeypot, minimum fill time, rate limits."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from talkback.api.tests.conftest import published
from talkback.comments.forms import form_stamp
from talkback.comments.models import Comment


def test_it_refuses_a_form_with_the_honeypot_filled_in(article, post):
    response = post(article, text="Buy now", website="http://spam.example")

    assert response.status_code == 400
    assert "sent by a program" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("stamp", ["now", "forged", ""])
def test_it_refuses_a_form_posted_too_fast_or_without_a_genuine_stamp(article, post, stamp):
    response = post(article, text="Quick!", rendered_at=form_stamp() if stamp == "now" else stamp)

    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_the_page_carries_the_stamp_and_a_hidden_honeypot(client, article):
    page = client.get(article.get_absolute_url()).content.decode()

    assert 'name="rendered_at"' in page
    assert 'name="website"' in page and "hidden" in page


def test_the_minimum_fill_time_is_a_setting(article, post, settings):
    settings.TALKBACK_MIN_FILL_SECONDS = 0

    assert (
        post(article, text="Fast typist.", rendered_at=form_stamp(time.time())).status_code == 302
    )


def test_it_limits_posts_per_ip_and_email_with_a_429_and_retry_after(article, post, settings):
    settings.TALKBACK_RATE_LIMITS = {"post": {"ip": (5, 600), "email": (2, 600)}}

    statuses = [post(article, text=f"Comment {n}").status_code for n in range(3)]
    over = post(article, text="One more")

    assert statuses == [302, 302, 429]
    assert over.status_code == 429 and 0 < int(over["Retry-After"]) <= 600
    assert "try again in" in over.content.decode()
    assert Comment.objects.count() == 2


def test_it_limits_posts_per_account(client, article, post, rob, settings):
    settings.TALKBACK_RATE_LIMITS = {"post": {"account": (1, 600)}}
    client.force_login(rob)

    assert post(article, text="First").status_code == 302
    assert post(article, text="Second").status_code == 429


def test_it_limits_reports(client, article, settings):
    settings.TALKBACK_RATE_LIMITS = {"report": {"ip": (1, 3600)}}
    first, second = published(article), published(article)

    ok = client.post(reverse("report_comment", args=[first.pk]), {"reason": "threat"})
    over = client.post(reverse("report_comment", args=[second.pk]), {"reason": "threat"})

    assert ok.status_code == 200 and over.status_code == 429
    assert over.has_header("Retry-After")
