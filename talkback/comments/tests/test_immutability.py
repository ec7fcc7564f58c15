"""Comment text and verdicts are kept as written: the model layer and the database both refuse."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from talkback.comments.models import Comment, ImmutableError, Verdict
from talkback.moderation.taxonomy import CATEGORIES

NO_SCORES = dict.fromkeys(CATEGORIES)


@pytest.fixture
def comment(article):
    return Comment.objects.create(article=article, author_name="G", text="As written.")


@pytest.fixture
def verdict(comment):
    return Verdict.objects.create(
        comment=comment, decision="approve", model_version="test", scores=NO_SCORES
    )


def test_it_refuses_to_save_changed_text(comment):
    comment.text = "Edited."

    with pytest.raises(ImmutableError):
        comment.save()
    assert Comment.objects.get().text == "As written."


def test_it_refuses_a_queryset_update_of_text(comment):
    with pytest.raises(ImmutableError):
        Comment.objects.filter(pk=comment.pk).update(text="Edited.")


def test_it_still_lets_the_status_change(comment):
    Comment.objects.filter(pk=comment.pk).update(status="approved")
    reloaded = Comment.objects.get()
    reloaded.author_name = "Gina"
    reloaded.save()

    assert Comment.objects.get().status == "approved"


def test_the_database_refuses_to_change_comment_text(comment):
    with (
        pytest.raises((IntegrityError, DatabaseError)) as raised,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE comments_comment SET text = %s WHERE id = %s", ["Edited.", comment.pk]
        )

    assert "comment text can never change" in str(raised.value)
    assert Comment.objects.get().text == "As written."


def test_the_database_allows_other_columns_to_change(comment):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE comments_comment SET status = 'approved' WHERE id = %s", [comment.pk]
        )

    assert Comment.objects.get().status == "approved"


def test_it_refuses_to_change_or_delete_a_verdict_in_the_model_layer(verdict):
    verdict.decision = "reject"
    with pytest.raises(ImmutableError):
        verdict.save()
    with pytest.raises(ImmutableError):
        verdict.delete()
    with pytest.raises(ImmutableError):
        Verdict.objects.all().update(decision="reject")
    with pytest.raises(ImmutableError):
        Verdict.objects.all().delete()
    assert Verdict.objects.get().decision == "approve"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE comments_verdict SET decision = 'reject' WHERE id = %s",
        "DELETE FROM comments_verdict WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_a_verdict(verdict, sql):
    with (
        pytest.raises((IntegrityError, DatabaseError)) as raised,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [verdict.pk])

    assert "verdicts are append-only" in str(raised.value)
    assert Verdict.objects.get().decision == "approve"


def test_it_refuses_a_machine_verdict_without_every_category(comment):
    with pytest.raises(ValueError, match="every category"):
        Verdict.objects.create(comment=comment, decision="approve", scores={"profanity": 0.1})
    assert not Verdict.objects.exists()
