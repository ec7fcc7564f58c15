"""API personas: a publisher's key, moderators' tokens, and comments in each state."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from talkback.api.models import ApiKey, ModeratorToken
from talkback.comments.models import Comment
from talkback.comments.moderate import record_machine_verdict
from talkback.console.models import Role, SiteRole
from talkback.moderation import Verdict as EngineVerdict
from talkback.moderation.taxonomy import APPROVE, CATEGORIES, REJECT, REVIEW
from talkback.newsroom.models import Article, Site


@pytest.fixture
def other_site(db: None) -> Site:
    return Site.objects.create(name="The Evening Other", slug="other")


@pytest.fixture
def publisher_key(site: Site) -> str:
    key = ApiKey(site=site, name="CMS")
    secret = key.issue()
    key.save()
    return secret


@pytest.fixture
def moderator_token(site: Site) -> str:
    mia = User.objects.create_user("mia", password="x")
    SiteRole.objects.create(site=site, user=mia, role=Role.MODERATOR)
    return token_of(mia)


def token_of(user: User) -> str:
    token = ModeratorToken(user=user, name="script")
    secret = token.issue()
    token.save()
    return secret


class Api:
    """A JSON client: `call(method, path, body, token)`, paths under /api/v1."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def call(self, method: str, path: str, body: Any = None, token: str = "", **extra: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        payload = body if isinstance(body, bytes) or body is None else json.dumps(body)
        return self.client.generic(
            method,
            f"/api/v1{path}",
            payload or b"",
            content_type="application/json",
            headers=headers,
            **extra,
        )


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


def machine(
    article: Article, decision: str, reasons: tuple[str, ...] = (), **fields: Any
) -> Comment:
    """Store a comment as the machine decided it (no engine run)."""
    comment = Comment.objects.create(
        article=article,
        author_name=fields.pop("author_name", "Gina"),
        author_email=fields.pop("author_email", "gina@example.org"),
        text=fields.pop("text", "A fair point, well made."),
        **fields,
    )
    scores = {code: (0.97 if code in reasons else 0.01) for code in CATEGORIES}
    record_machine_verdict(comment, EngineVerdict(decision, reasons, scores, "test-model", "en"))
    comment.refresh_from_db()
    return comment


def published(article: Article, **fields: Any) -> Comment:
    return machine(article, APPROVE, **fields)


def rejected(article: Article, **fields: Any) -> Comment:
    return machine(article, REJECT, ("personal_attack",), text="You are an idiot.", **fields)


def in_review(article: Article, **fields: Any) -> Comment:
    return machine(article, REVIEW, ("personal_attack",), **fields)
