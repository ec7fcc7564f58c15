"""Console personas: one per role, on the `site` fixture's site unless said otherwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from talkback.comments.models import Comment
from talkback.comments.moderate import record_failure, record_machine_verdict
from talkback.console.models import Role, SiteRole
from talkback.moderation import Verdict as EngineVerdict
from talkback.moderation.taxonomy import APPROVE, CATEGORIES, REJECT, REVIEW
from talkback.moderation.verdict import Span
from talkback.newsroom.models import Article, Site

PASSWORD = "correct horse battery"
#: The guest who writes the fixtures' comments unless a test names another author.
GINA = {"author_name": "Gina", "author_email": "gina@example.org"}


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    """Personas get real passwords; hashing them the production way would dominate test time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def person(username: str, site: Site | None = None, role: str = "", **extra: Any) -> User:
    user = User.objects.create_user(username, password=PASSWORD, **extra)
    if site is not None:
        SiteRole.objects.create(site=site, user=user, role=role)
    return user


@pytest.fixture
def other_site(db: None) -> Site:
    return Site.objects.create(name="The Evening Other", slug="other")


@pytest.fixture
def other_article(other_site: Site) -> Article:
    return Article.objects.create(site=other_site, external_id="o-1", title="Elsewhere")


@pytest.fixture
def moderator(site: Site) -> User:
    return person("mo", site, Role.MODERATOR)


@pytest.fixture
def personas(site: Site, other_site: Site, moderator: User) -> dict[str, User | None]:
    """Everyone the permission matrix checks, by name; None is the anonymous visitor."""
    return {
        "anonymous": None,
        "reader": person("reader"),
        "other_moderator": person("otto", other_site, Role.MODERATOR),
        "moderator": moderator,
        "site_admin": person("ada", site, Role.ADMIN),
        "staff": person("stef", is_staff=True),
    }


@pytest.fixture
def signed_in() -> Callable[[User | None], Client]:
    def sign_in(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def in_review(article: Article) -> Callable[..., Comment]:
    """Store a comment as the machine sends it to review, suspecting `scores`' categories."""

    def in_review(
        text: str = "You people are something else.",
        scores: dict[str, float] | None = None,
        article: Article = article,
        spans: tuple[Span, ...] = (),
        **fields: Any,
    ) -> Comment:
        comment = Comment.objects.create(article=article, text=text, **GINA | fields)
        if scores is None:
            record_failure(comment, "RuntimeError: the model is gone")
            return comment
        full = {code: 0.0 for code in CATEGORIES} | scores
        reasons = tuple(code for code in CATEGORIES if full[code] >= 0.5)
        verdict = EngineVerdict(REVIEW, reasons, full, "test-model", "en", spans=spans)
        record_machine_verdict(comment, verdict)
        return comment

    return in_review


@pytest.fixture
def published(article: Article) -> Callable[..., Comment]:
    """Store a comment the machine approved."""

    def published(
        text: str = "A fair point, well made.", article: Article = article, **fields: Any
    ) -> Comment:
        comment = Comment.objects.create(article=article, text=text, **GINA | fields)
        scores = {code: 0.01 for code in CATEGORIES}
        record_machine_verdict(comment, EngineVerdict(APPROVE, (), scores, "test-model", "en"))
        return comment

    return published


@pytest.fixture
def rejected(article: Article) -> Callable[..., Comment]:
    """Store a comment the machine rejected for a personal attack."""

    def rejected(
        text: str = "You are an idiot.", article: Article = article, **fields: Any
    ) -> Comment:
        comment = Comment.objects.create(article=article, text=text, **GINA | fields)
        scores = {code: 0.01 for code in CATEGORIES} | {"personal_attack": 0.97}
        verdict = EngineVerdict(REJECT, ("personal_attack",), scores, "test-model", "en")
        record_machine_verdict(comment, verdict)
        return comment

    return rejected
