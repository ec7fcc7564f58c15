"""With TASKS_DATABASE_URL, the task queue's rows, and only they, live in the `tasks` database."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult

from talkback.comments.models import Comment
from talkback.core.routers import TaskQueueRouter


def test_it_sends_the_queue_to_its_own_database_and_everything_else_to_default():
    router = TaskQueueRouter()

    assert router.db_for_read(DBTaskResult) == router.db_for_write(DBTaskResult) == "tasks"
    assert router.db_for_read(Comment) == router.db_for_write(Comment) == "default"


def test_it_migrates_each_app_in_its_own_database_only():
    router = TaskQueueRouter()
    queue = DBTaskResult._meta.app_label

    assert router.allow_migrate("tasks", queue) and router.allow_migrate("default", "comments")
    assert not router.allow_migrate("default", queue)
    assert not router.allow_migrate("tasks", "comments")
