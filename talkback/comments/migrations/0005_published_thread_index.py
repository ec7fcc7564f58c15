"""The thread page's index: an article's published top-level comments in time order.

A partial index holds only what the thread shows, so the page is a range scan in display order
(newest or oldest first, the id breaking ties) and counting the pages reads the index alone,
however many comments an article has (plans in docs/scale.md). Plain SQL, valid on SQLite and
PostgreSQL, outside the model state for now (it can move into Comment.Meta.indexes, as an Index
with a condition, through a state-only migration); until then a migration that rebuilds
comments_comment on SQLite must create it again, as 0003 does for the triggers of 0002.
"""

from __future__ import annotations

from django.db import migrations

INDEX = "comment_published_top_idx"


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_console_indexes")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON comments_comment (article_id, created_at, id) "
            "WHERE status = 'approved' AND parent_id IS NULL",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
