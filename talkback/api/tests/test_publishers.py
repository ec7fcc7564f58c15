"""Publishers upsert articles, open and close comments, and set the policy with a site key."""

from __future__ import annotations

import pytest

from talkback.api.models import ApiKey
from talkback.newsroom.models import Article

ARTICLE = {
    "external_id": "cms-42",
    "title": "Budget passes",
    "url": "https://news.example/budget",
    "published_at": "2026-11-25T10:00:00Z",
}


def test_it_creates_then_updates_an_article_by_external_id(api, site, publisher_key):
    created = api.call("POST", f"/sites/{site.slug}/articles", ARTICLE, publisher_key)
    updated = api.call(
        "POST",
        f"/sites/{site.slug}/articles",
        {**ARTICLE, "title": "Budget passes, narrowly"},
        publisher_key,
    )

    assert created.status_code == 201 and updated.status_code == 200
    assert created.json()["id"] == updated.json()["id"]
    article = Article.objects.get(site=site, external_id="cms-42")
    assert article.title == "Budget passes, narrowly"
    assert article.published_at is not None and article.published_at.hour == 10


def test_it_closes_and_reopens_comments(api, site, article, publisher_key):
    path = f"/sites/{site.slug}/articles/{article.pk}"

    closed = api.call("PATCH", path, {"comments_open": False}, publisher_key)
    article.refresh_from_db()
    assert closed.status_code == 200 and not article.comments_open

    api.call("PATCH", path, {"comments_open": True}, publisher_key)
    article.refresh_from_db()
    assert article.comments_open


def test_it_reads_and_sets_the_policy(api, site, publisher_key):
    policy = {"profanity": None, "threat": {"review": 0.3, "reject": 0.6}}

    response = api.call("PUT", f"/sites/{site.slug}/policy", {"policy": policy}, publisher_key)
    read = api.call("GET", f"/sites/{site.slug}/policy", token=publisher_key).json()

    assert response.status_code == 200
    site.refresh_from_db()
    assert site.policy == policy
    assert read["policy"] == policy
    assert read["effective"]["profanity"] is None
    assert read["effective"]["threat"] == {"review": 0.3, "reject": 0.6}


@pytest.mark.parametrize(
    ("policy", "code"),
    [
        ({"threat": {"review": 0.9, "reject": 0.5}}, "bad_policy"),
        ({"boredom": None}, "bad_policy"),
        ({"threat": {"reject": 7}}, "bad_field"),
        ({"threat": "high"}, "bad_field"),
    ],
)
def test_it_refuses_a_bad_policy_and_keeps_the_old_one(api, site, publisher_key, policy, code):
    response = api.call("PUT", f"/sites/{site.slug}/policy", {"policy": policy}, publisher_key)

    assert response.status_code == 400 and response.json()["error"]["code"] == code
    site.refresh_from_db()
    assert site.policy == {}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({**ARTICLE, "url": "not a url"}, "bad_field"),
        ({**ARTICLE, "title": ""}, "bad_field"),
        ({**ARTICLE, "language": "xx"}, "bad_field"),
        ({**ARTICLE, "comments_open": "yes"}, "bad_field"),
        ({**ARTICLE, "published_at": "soon"}, "bad_field"),
        ({"title": "no id"}, "bad_field"),
    ],
)
def test_it_refuses_bad_articles(api, site, publisher_key, body, code):
    response = api.call("POST", f"/sites/{site.slug}/articles", body, publisher_key)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert not Article.objects.exists()


@pytest.mark.parametrize("token", ["", "tbk_wrong", "tbm_not-a-publisher-key"])
def test_it_answers_401_without_a_valid_key(api, site, token):
    response = api.call("GET", f"/sites/{site.slug}/policy", token=token)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_a_revoked_key_no_longer_works(api, site, publisher_key):
    ApiKey.objects.get().revoke()

    assert api.call("GET", f"/sites/{site.slug}/policy", token=publisher_key).status_code == 401


def test_a_key_of_one_site_cannot_touch_another(api, other_site, publisher_key):
    response = api.call("POST", f"/sites/{other_site.slug}/articles", ARTICLE, publisher_key)

    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert not Article.objects.exists()


def test_the_key_is_stored_only_as_a_digest(publisher_key):
    key = ApiKey.objects.get()

    assert publisher_key not in (key.key_digest, key.key_hint)
    assert publisher_key.startswith(key.key_hint) and len(key.key_hint) == 8
