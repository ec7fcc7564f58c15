"""Keep the task queue in a database of its own when TASKS_DATABASE_URL names one."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

#: django-tasks-db's app label (its package is django_tasks_db).
QUEUE_APP = "django_tasks_database"
QUEUE_DATABASE = "tasks"


class TaskQueueRouter:
    """Send django-tasks-db's rows to the `tasks` database and everything else to `default`."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return QUEUE_DATABASE if model._meta.app_label == QUEUE_APP else "default"

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return self.db_for_read(model)

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return (db == QUEUE_DATABASE) == (app_label == QUEUE_APP)
