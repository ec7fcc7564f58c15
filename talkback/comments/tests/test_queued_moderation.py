"""With a real queue, a comment waits as pending until a worker runs its task."""

from __future__ import annotations

import pytest
from django_tasks import default_task_backend

from talkback.comments.models import Comment, Status
from talkback.comments.moderate import moderate_comment


@pytest.fixture
def queue(settings):
    """A backend that keeps enqueued tasks, like a queue that no worker serves yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend


def test_it_keeps_the_comment_pending_and_private_until_a_worker_moderates_it(
    client, article, post, queue
):
    post(article, text="Thank you for this report.")

    comment = Comment.objects.get()
    assert comment.status == Status.PENDING and not comment.verdicts.exists()
    (queued,) = queue.results
    assert queued.task.name == moderate_comment.name and queued.args == [comment.pk]
    assert (
        "Your comment is being checked" in client.get(comment.get_absolute_url()).content.decode()
    )
    assert (
        "Thank you for this report."
        not in type(client)().get(article.get_absolute_url()).content.decode()
    )

    # The worker's turn.
    assert moderate_comment.call(*queued.args) == Status.APPROVED

    assert (
        "Thank you for this report."
        in type(client)().get(article.get_absolute_url()).content.decode()
    )
