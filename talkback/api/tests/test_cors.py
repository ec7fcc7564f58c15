"""Browsers on a site's allowed origins may call the reader API; no other origin may, and no
browser may send an API key or token cross-origin."""

from __future__ import annotations

import pytest

HOST = "https://news.example"


@pytest.fixture
def embeddable(site):
    site.allowed_origins = [HOST]
    site.save()
    return site


def thread(article):
    return f"/sites/{article.site.slug}/articles/{article.pk}/comments"


def test_an_allowed_origin_may_read_and_post(api, embeddable, article):
    response = api.call("GET", thread(article), HTTP_ORIGIN=HOST)

    assert response["Access-Control-Allow-Origin"] == HOST
    assert "Origin" in response["Vary"]
    assert "Access-Control-Allow-Credentials" not in response


def test_the_preflight_allows_json_but_not_authorization(api, embeddable, article):
    response = api.call(
        "OPTIONS",
        thread(article),
        HTTP_ORIGIN=HOST,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == HOST
    assert response["Access-Control-Allow-Headers"] == "Content-Type"


def test_another_origin_gets_no_cors_headers(api, embeddable, article, other_site):
    other = api.call("GET", thread(article), HTTP_ORIGIN="https://evil.example")
    # An origin of one site is not allowed on another site's routes.
    other_site.allowed_origins = ["https://other.example"]
    other_site.save()
    crossed = api.call("GET", thread(article), HTTP_ORIGIN="https://other.example")

    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Origin" not in crossed


def test_routes_without_a_site_follow_every_sites_origins(api, embeddable):
    allowed = api.call("GET", "/comments/1?token=x", HTTP_ORIGIN=HOST)
    refused = api.call("GET", "/comments/1?token=x", HTTP_ORIGIN="https://evil.example")

    assert allowed["Access-Control-Allow-Origin"] == HOST
    assert "Access-Control-Allow-Origin" not in refused


def test_origins_are_validated_on_the_site(site):
    from django.core.exceptions import ValidationError

    for bad in (["https://news.example/"], ["news.example"], ["HTTPS://News.example"], "x"):
        site.allowed_origins = bad
        with pytest.raises(ValidationError):
            site.save()
