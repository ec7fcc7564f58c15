"""Search and filters on every queue tab: text, author, category, language and article."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from talkback.console.models import Appeal
from talkback.console.tests.test_reports import reader_client, send_report


@pytest.fixture
def mod_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def ids(client, tab, **params) -> list[int]:
    response = client.get(reverse(tab, args=["front"]), params)
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'id="card-(\d+)"', response.content.decode())]


def test_it_searches_the_review_queue_by_text_and_author(mod_client, in_review):
    refugees = in_review("Refugees are VERMIN", {"identity_abuse": 0.6})
    other = in_review(
        "Something else", {"threat": 0.6}, author_name="Harry Hat", author_email="h@example.org"
    )
    user = User.objects.create_user("kev")
    by_account = in_review("From an account", {"threat": 0.6}, author=user)

    assert ids(mod_client, "console_queue", q="vermin") == [refugees.pk]
    assert ids(mod_client, "console_queue", author="harry") == [other.pk]
    assert ids(mod_client, "console_queue", author="GINA@example.org") == [
        by_account.pk,
        refugees.pk,
    ]
    assert ids(mod_client, "console_queue", author="kev") == [by_account.pk]
    assert ids(mod_client, "console_queue", q="vermin", author="harry") == []


def test_it_filters_the_review_queue_by_language(mod_client, in_review):
    arabic = in_review("نص", {"threat": 0.6}, language="ar")
    in_review("text", {"threat": 0.6}, language="en")

    assert ids(mod_client, "console_queue", language="ar") == [arabic.pk]
    # A malformed code is dropped, not an error.
    assert len(ids(mod_client, "console_queue", language="'; drop")) == 2


def test_the_filters_survive_a_decision_and_the_pages(mod_client, in_review):
    comments = [in_review(f"needle {n}", {"threat": 0.6}) for n in range(21)]

    page = mod_client.get(reverse("console_queue", args=["front"]), {"q": "needle"})

    assert 'href="?q=needle&amp;page=2"' in page.content.decode()
    assert '<input type="hidden" name="q" value="needle">' in page.content.decode()
    decided = mod_client.post(
        reverse("console_decide", args=["front", comments[0].pk]),
        {"decision": "approve", "q": "needle"},
    )
    assert decided["Location"].endswith("/queue/?q=needle")


def test_it_filters_the_reported_tab(mod_client, published, site):
    second = site.articles.create(external_id="2", title="Second")
    threat = published("reported for a threat")
    spam = published("reported as spam", article=second, language="tr")
    send_report(reader_client("r1"), threat, "threat")
    for name in ("r2", "r3", "r4"):
        send_report(reader_client(name), spam, "promotion")

    assert ids(mod_client, "console_reported") == [threat.pk, spam.pk]
    assert ids(mod_client, "console_reported", category="threat") == [threat.pk]
    assert ids(mod_client, "console_reported", category="promotion") == [spam.pk]
    assert ids(mod_client, "console_reported", article=second.pk) == [spam.pk]
    assert ids(mod_client, "console_reported", language="tr") == [spam.pk]
    assert ids(mod_client, "console_reported", q="threat") == [threat.pk]


def test_it_filters_the_appeals_tab(mod_client, rejected, site):
    insult = rejected("You are an idiot.")
    other = rejected("Buy my stuff", author_name="Seller")
    for comment in (insult, other):
        Appeal.objects.create(comment=comment, message="Please.")

    assert ids(mod_client, "console_appeals") == [insult.pk, other.pk]
    assert ids(mod_client, "console_appeals", category="personal_attack") == [insult.pk, other.pk]
    assert ids(mod_client, "console_appeals", category="threat") == []
    assert ids(mod_client, "console_appeals", author="seller") == [other.pk]
    assert ids(mod_client, "console_appeals", q="idiot") == [insult.pk]


def test_a_card_narrows_the_tab_to_its_article(mod_client, in_review, site):
    busy = site.articles.create(external_id="b", title="Busy <article>")
    mine = in_review("x", {"threat": 0.6}, article=busy)
    in_review("y", {"threat": 0.6})

    page = mod_client.get(reverse("console_queue", args=["front"]), {"q": "x"}).content.decode()
    narrowed = mod_client.get(reverse("console_queue", args=["front"]), {"article": busy.pk})

    assert f'href="?q=x&amp;article={busy.pk}" class="only-article"' in page
    assert ids(mod_client, "console_queue", article=busy.pk) == [mine.pk]
    assert f'<option value="{busy.pk}" selected>Busy &lt;article&gt;</option>' in (
        narrowed.content.decode()
    )


def test_an_article_of_another_site_is_not_named(mod_client, in_review, other_article):
    in_review("x", {"threat": 0.6})

    page = mod_client.get(reverse("console_queue", args=["front"]), {"article": other_article.pk})

    assert other_article.title not in page.content.decode()
