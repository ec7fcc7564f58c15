"""`talkback api-key` and `talkback api-token` print a new secret once, list and revoke."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from talkback.api.models import ApiKey, ModeratorToken


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_creates_a_key_that_works_lists_it_and_revokes_it(api, site):
    secret = run("api-key", "--site", site.slug, "--name", "CMS").splitlines()[-1]

    assert api.call("GET", f"/sites/{site.slug}/policy", token=secret).status_code == 200
    key = ApiKey.objects.get()
    listing = run("api-key", "--site", site.slug)
    assert key.key_hint in listing and "active" in listing and secret not in listing

    run("api-key", "--site", site.slug, "--revoke", key.key_hint)

    assert api.call("GET", f"/sites/{site.slug}/policy", token=secret).status_code == 401
    assert "revoked" in run("api-key", "--site", site.slug)


def test_it_creates_and_revokes_a_moderator_token(db):
    User.objects.create_user("mia")

    secret = run("api-token", "--user", "mia", "--name", "script").splitlines()[-1]
    token = ModeratorToken.objects.get()
    run("api-token", "--user", "mia", "--revoke", token.key_hint)

    assert secret.startswith("tbm_") and token.key_hint == secret[:8]
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_it_refuses_an_unknown_site_or_user(db):
    with pytest.raises(CommandError):
        run("api-key", "--site", "nowhere", "--name", "x")
    with pytest.raises(CommandError):
        run("api-token", "--user", "nobody", "--name", "x")


def test_every_response_carries_the_content_security_policy(client, site, article):
    for path in (
        "/embed.js",
        f"/api/v1/sites/{site.slug}/articles/{article.pk}/comments",
        "/api/v1/openapi.json",
        "/accounts/signup/",
        "/api/v1/nothing",
    ):
        assert "default-src 'self'" in client.get(path)["Content-Security-Policy"], path
