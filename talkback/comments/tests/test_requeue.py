"""A comment whose moderation task was lost is moderated again, once."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from talkback.comments.models import Comment, Status
from talkback.comments.moderate import requeue_stale


def pending(article, minutes_ago):
    comment = Comment.objects.create(article=article, author_name="G", text="Thanks for this.")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return comment


def test_it_moderates_comments_left_pending_and_leaves_fresh_ones_to_their_task(article):
    stale = pending(article, minutes_ago=5)
    fresh = pending(article, minutes_ago=0)

    assert requeue_stale(timedelta(minutes=1)) == 1

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == Status.APPROVED and stale.verdicts.count() == 1
    assert fresh.status == Status.PENDING and not fresh.verdicts.exists()


def test_running_it_again_decides_nothing_twice(article):
    stale = pending(article, minutes_ago=5)
    requeue_stale(timedelta(minutes=1))

    assert requeue_stale(timedelta(minutes=1)) == 0
    assert stale.verdicts.count() == 1


def test_the_command_reports_what_it_enqueued(article, capsys):
    pending(article, minutes_ago=5)

    call_command("moderate-pending", older_than=60)

    assert "Enqueued moderation for 1 pending comment(s)." in capsys.readouterr().out
