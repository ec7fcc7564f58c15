"""The thread page's partial index is installed by migration on every database vendor."""

from __future__ import annotations

from django.db import connection


def test_the_published_thread_index_exists(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "comments_comment")

    index = constraints["comment_published_top_idx"]
    assert index["index"] and index["columns"] == ["article_id", "created_at", "id"]
