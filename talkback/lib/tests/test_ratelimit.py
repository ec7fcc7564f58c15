"""The fixed-window counters behind every rate limit."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from talkback.lib.ratelimit import Limited, check, client_ip


@pytest.fixture
def limits(settings):
    settings.TALKBACK_RATE_LIMITS = {"post": {"ip": (2, 60), "email": (1, 3600)}}


def test_it_refuses_the_request_over_the_limit_with_the_seconds_to_wait(limits):
    check("post", ip="1.2.3.4")
    check("post", ip="1.2.3.4")

    with pytest.raises(Limited) as over:
        check("post", ip="1.2.3.4")

    assert over.value.scope == "ip" and 1 <= over.value.retry_after <= 60
    # Another address counts on its own.
    check("post", ip="5.6.7.8")


def test_each_scope_counts_apart_and_the_longest_wait_wins(limits):
    check("post", ip="1.1.1.1", email="Gina@example.org")

    with pytest.raises(Limited) as over:
        check("post", ip="2.2.2.2", email="gina@example.org")

    # Emails count case-insensitively; the hour-long window is the one to wait for.
    assert over.value.scope == "email" and over.value.retry_after > 60


def test_missing_identities_and_unlimited_actions_are_not_counted(limits):
    for _ in range(5):
        check("post", ip="", email="", account=None)  # a guest without address or email
        check("appeal", ip="1.1.1.1")  # no limit is set for appeals here

    check("post", ip="1.1.1.1")
    check("post", ip="1.1.1.1")
    with pytest.raises(Limited):
        check("post", ip="1.1.1.1")


def test_the_client_ip_is_read_behind_the_configured_proxies_only(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 7.7.7.7"
    )

    settings.TALKBACK_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TALKBACK_PROXY_COUNT = 1
    assert client_ip(request) == "7.7.7.7"
