"""The review queue's order, stored with each comment; comments already in review get theirs from
their latest machine verdict.

On SQLite, adding these columns rebuilds comments_comment, which drops its triggers: the comment
text trigger of 0002 is installed again here.
"""

from importlib import import_module

from django.db import migrations, models

from talkback.comments.priority import review_priority
from talkback.moderation.policy import Policy


def backfill(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Verdict = apps.get_model("comments", "Verdict")
    in_review = Comment.objects.filter(status="review").select_related("article__site")
    for comment in in_review.iterator():
        verdict = (
            Verdict.objects.filter(comment=comment, moderator=None).order_by("-created_at", "-id")
        ).first()
        if verdict is None:
            continue
        policy = Policy.from_dict(comment.article.site.policy)
        priority = review_priority(verdict.reasons, verdict.scores, policy)
        Comment.objects.filter(pk=comment.pk).update(
            review_category=priority.category,
            review_severity=priority.severity,
            review_margin=priority.margin,
        )


def reinstall_sqlite_text_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    triggers = import_module("talkback.comments.migrations.0002_immutability_triggers").SQLITE
    text_trigger = triggers["forward"][0]
    assert "comment_text_immutable" in text_trigger
    schema_editor.execute(text_trigger.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))


class Migration(migrations.Migration):
    dependencies = [("comments", "0002_immutability_triggers"), ("newsroom", "0001_initial")]

    operations = [
        # Run last when migrating backwards, after removing the columns rebuilt the table again.
        migrations.RunPython(migrations.RunPython.noop, reinstall_sqlite_text_trigger),
        migrations.AddField(
            model_name="comment",
            name="review_category",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name="comment",
            name="review_margin",
            field=models.FloatField(default=1.0),
        ),
        migrations.AddField(
            model_name="comment",
            name="review_severity",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["status", "-review_severity", "review_margin", "created_at"],
                name="comment_queue_idx",
            ),
        ),
        migrations.RunPython(reinstall_sqlite_text_trigger, migrations.RunPython.noop),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
