"""The moderation seam: a failing or slow engine sends the comment to review, never loses it."""

from __future__ import annotations

import threading

import pytest

from talkback.comments import moderate
from talkback.comments.models import Comment, Status
from talkback.moderation import Engine
from talkback.moderation.taxonomy import CATEGORIES

ONLY_PROFANITY = {code: None for code in CATEGORIES if code != "profanity"}


class ExplodingEngine(Engine):
    def moderate(self, comment, policy=None):
        raise RuntimeError("model file is corrupt")


class SlowEngine(Engine):
    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def moderate(self, comment, policy=None):
        self.release.wait(5)
        return super().moderate(comment, policy)


@pytest.fixture
def engine(monkeypatch):
    def use(engine: Engine) -> Engine:
        monkeypatch.setattr(moderate, "get_engine", lambda: engine)
        return engine

    return use


def test_it_sends_the_comment_to_review_when_the_engine_raises(client, article, post, engine):
    engine(ExplodingEngine())

    response = post(article, text="A perfectly fine comment.")

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.status == Status.REVIEW
    verdict = comment.verdicts.get()
    assert verdict.decision == "review" and verdict.reasons == ["system_error"]
    assert "model file is corrupt" in verdict.error
    # Every category is there, unscored: the machine gave no opinion.
    assert verdict.scores == dict.fromkeys(CATEGORIES)
    assert "waiting for a moderator" in client.get(comment.get_absolute_url()).content.decode()


def test_it_sends_the_comment_to_review_when_the_engine_times_out(article, post, engine, settings):
    settings.TALKBACK_MODERATION_TIMEOUT = 0.05
    slow = engine(SlowEngine())

    post(article, text="A perfectly fine comment.")
    slow.release.set()

    comment = Comment.objects.get()
    assert comment.status == Status.REVIEW
    verdict = comment.verdicts.get()
    assert verdict.reasons == ["system_error"] and "longer than 0.05 s" in verdict.error


def test_it_decides_a_comment_once_when_the_task_is_delivered_twice(article, post):
    post(article, text="A perfectly fine comment.")
    comment = Comment.objects.get()

    assert moderate.moderate_comment.call(comment.pk) == Status.APPROVED

    assert comment.verdicts.count() == 1


def test_it_applies_the_site_policy_thresholds(article, post):
    # Only profanity judged, so the test does not depend on what the other models think.
    article.site.policy = {**ONLY_PROFANITY, "profanity": {"review": 0.5, "reject": 1.0}}
    article.site.save()

    post(article, text="What a fucking joke.")

    comment = Comment.objects.get()
    assert comment.status == Status.REVIEW
    assert comment.verdicts.get().reasons == ["profanity"]


def test_it_ignores_a_category_the_site_disabled(article, post):
    article.site.policy = {**ONLY_PROFANITY, "profanity": None}
    article.site.save()

    post(article, text="What a fucking joke.")

    comment = Comment.objects.get()
    assert comment.status == Status.APPROVED
    assert comment.verdicts.get().scores["profanity"] > 0.8, "scored, but not held against it"
