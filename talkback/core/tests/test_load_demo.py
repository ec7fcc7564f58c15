"""`talkback load-demo` writes consistent demo data in bulk (COPY on PostgreSQL)."""

from __future__ import annotations

from django.core.management import call_command
from django.db.models import Count, F

from talkback.comments.models import Comment, Status, Verdict
from talkback.newsroom.models import Article


def test_it_loads_comments_with_their_verdicts_under_new_articles(db, article, capsys):
    call_command("load-demo", comments=1000, per_article=250, sites=2)

    assert "Loaded 1,000 comments under 4 articles" in capsys.readouterr().out
    loaded = Comment.objects.exclude(article=article)
    assert loaded.count() == 1000
    assert Article.objects.filter(site__slug__startswith="load-").count() == 4
    assert loaded.values("article").annotate(n=Count("id")).filter(n=250).count() == 4
    # Every decided comment has the machine's verdict, matching its status; pending ones none.
    decided = loaded.exclude(status=Status.PENDING)
    assert Verdict.objects.count() == decided.count()
    assert not decided.filter(verdicts__isnull=True).exists()
    assert not loaded.filter(status=Status.REJECTED).exclude(verdicts__decision="reject").exists()
    # Replies answer an approved top-level comment of the same article.
    replies = loaded.exclude(parent=None)
    assert replies.exists()
    assert not replies.exclude(parent__parent=None, parent__status=Status.APPROVED).exists()
    assert not replies.exclude(parent__article=F("article")).exists()


def test_comments_posted_afterwards_take_the_next_ids(db, article):
    call_command("load-demo", comments=100, per_article=100, sites=1)

    comment = Comment.objects.create(article=article, author_name="G", text="Thanks.")

    assert comment.pk == Comment.objects.exclude(pk=comment.pk).order_by("-pk")[0].pk + 1
