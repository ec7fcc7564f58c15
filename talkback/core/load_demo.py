"""Demo data at scale: sites, articles and comments with their machine verdicts, written fast.

Rows are generated in Python with ids assigned here (a reply needs its parent's id, a verdict its
comment's), then written with COPY on PostgreSQL, or executemany elsewhere. Every comment
gets its machine Verdict, as if moderated, so the history and the statistics hold together.
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from talkback.comments.models import Comment, Status, Verdict
from talkback.moderation.taxonomy import APPROVE, CATEGORIES, REJECT, REVIEW
from talkback.newsroom.models import Article, Site

#: Status shares of generated comments, roughly a newsroom's; none pending, as after workers
#: caught up.
STATUS_WEIGHTS = {Status.APPROVED: 86, Status.REJECTED: 8, Status.REVIEW: 6}
DECISION = {Status.APPROVED: APPROVE, Status.REJECTED: REJECT, Status.REVIEW: REVIEW}
#: Share of comments that reply to an earlier top-level comment of the same article.
REPLY_SHARE = 0.25
CHUNK = 20_000

OPENERS = [
    "Thank you for this report.",
    "I read this twice and I am still not sure what the council decided.",
    "Good piece, but it leaves out the most important question.",
    "As someone who lives near the border, this hits home.",
    "I disagree with the framing of this article.",
    "This is the clearest explanation I have seen so far.",
    "My family was affected by exactly this last winter.",
    "The numbers in the third paragraph do not add up.",
]
MIDDLES = [
    "The ministry should publish the full figures, not a summary.",
    "Nobody has explained where the money for the corridor will come from.",
    "Local reporters have been asking the same thing for months.",
    "It would help to hear from the people who actually live there.",
    "The statement from the army contradicts what witnesses said.",
    "A follow-up on the humanitarian situation would be welcome.",
    "We need independent monitors before anyone believes these claims.",
    "Prices in the market have doubled since the crossing closed.",
]
CLOSERS = [
    "Keep up the careful reporting.",
    "I hope someone answers these questions soon.",
    "Let's see what happens at the next session.",
    "Thanks to the journalists who went there.",
    "Please correct the date in the caption.",
    "",
]
REJECTED_TEXTS = ["What a fucking joke, the whole lot of them.", "You are an idiot and a liar."]
NAMES = ["Layla", "Daniel", "Hemin", "Aras", "Rana", "Sam", "Noor", "Karwan", "Mia", "Omar"]


def load(comments: int, *, sites: int, per_article: int, seed: int) -> tuple[int, int]:
    """Add `comments` comments over new articles (`per_article` each) of `sites` demo sites;
    return (articles, comments) written."""
    rng = random.Random(seed)
    demo_sites = [
        Site.objects.get_or_create(slug=f"load-{n}", defaults={"name": f"Load Demo {n}"})[0]
        for n in range(sites)
    ]
    articles = _articles(demo_sites, max(1, -(-comments // per_article)), rng)
    with transaction.atomic():
        _lock(Comment, Verdict)
        first_comment, first_verdict = _next_id(Comment), _next_id(Verdict)
        rows = _comments(articles, comments, first_comment, rng)
        verdicts = _write_both(rows, first_verdict)
        _reset_sequence(Comment, first_comment + comments)
        _reset_sequence(Verdict, first_verdict + verdicts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # Fresh statistics, so the planner uses the indexes at once.
    return len(articles), comments


def _articles(sites: list[Site], count: int, rng: random.Random) -> list[Article]:
    batch = secrets.token_hex(4)
    now = timezone.now()
    return Article.objects.bulk_create(
        Article(
            site=sites[n % len(sites)],
            external_id=f"load-{batch}-{n}",
            title=f"Strikes near the border, day {n}: what we know",
            body=" ".join(rng.sample(MIDDLES, 4)),
            published_at=now - timedelta(days=30),
        )
        for n in range(count)
    )


def _comments(
    articles: list[Article], count: int, first_id: int, rng: random.Random
) -> Iterator[dict[str, Any]]:
    """Yield comment rows, article by article, oldest first, over the last 30 days."""
    start = timezone.now() - timedelta(days=30)
    step = timedelta(days=30) / max(count, 1)
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    per_article = -(-count // len(articles))
    top_level: list[int] = []
    for n in range(count):
        if n % per_article == 0:
            article, top_level = articles[n // per_article], []
        status = rng.choices(statuses, weights)[0]
        comment_id = first_id + n
        parent = rng.choice(top_level) if top_level and rng.random() < REPLY_SHARE else None
        if parent is None and status == Status.APPROVED:
            top_level.append(comment_id)
        yield _comment_row(comment_id, article, parent, status, start + step * n, rng)


def _comment_row(
    comment_id: int,
    article: Article,
    parent: int | None,
    status: str,
    created_at: datetime,
    rng: random.Random,
) -> dict[str, Any]:
    name = rng.choice(NAMES)
    if status == Status.REJECTED:
        text = rng.choice(REJECTED_TEXTS)
    else:
        text = " ".join(
            filter(None, [rng.choice(OPENERS), rng.choice(MIDDLES), rng.choice(CLOSERS)])
        )
    row: dict[str, Any] = {
        "id": comment_id,
        "article_id": article.pk,
        "parent_id": parent,
        "author_name": name,
        "author_email": f"{name.lower()}{comment_id}@example.org",
        "text": text,
        "language": "en",
        "status": status,
        "status_token": secrets.token_urlsafe(24),
        "created_at": created_at,
    }
    if status == Status.REVIEW:
        row |= {"review_category": "personal_attack", "review_severity": 3, "review_margin": 0.1}
    return row


def _verdict_row(verdict_id: int, comment: dict[str, Any]) -> dict[str, Any]:
    rejected = comment["status"] == Status.REJECTED
    scores = dict.fromkeys(CATEGORIES, 0.02) | ({"profanity": 0.97} if rejected else {})
    return {
        "id": verdict_id,
        "comment_id": comment["id"],
        "model_version": "load-demo",
        "decision": DECISION[comment["status"]],
        "reasons": ["profanity"] if rejected else [],
        "scores": scores,
        "created_at": comment["created_at"],
    }


def _write_both(rows: Iterable[dict[str, Any]], first_verdict: int) -> int:
    """Write comments and their verdicts a chunk at a time; return how many verdicts."""
    verdicts = 0
    rows = iter(rows)
    while chunk := list(islice(rows, CHUNK)):
        decided = [row for row in chunk if row["status"] != Status.PENDING]
        _write(Comment, chunk)
        _write(
            Verdict, [_verdict_row(first_verdict + verdicts + i, r) for i, r in enumerate(decided)]
        )
        verdicts += len(decided)
    return verdicts


def _write(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    fields = model._meta.concrete_fields
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = [[_prepare(field, row) for field in fields] for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)


def _prepare(field: models.Field[Any, Any], row: dict[str, Any]) -> Any:
    value = row[field.attname] if field.attname in row else field.get_default()
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    if isinstance(field, models.DateTimeField) and connection.vendor != "postgresql":
        return field.get_db_prep_save(value, connection)
    return value


def _lock(*tables: type[models.Model]) -> None:
    """Keep posts out while ids are assigned here (PostgreSQL; SQLite writes one at a time)."""
    if connection.vendor == "postgresql":
        names = ", ".join(connection.ops.quote_name(t._meta.db_table) for t in tables)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {names} IN EXCLUSIVE MODE")


def _next_id(model: type[models.Model]) -> int:
    latest = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (latest or 0) + 1


def _reset_sequence(model: type[models.Model], next_id: int) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite takes the next id after the largest.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)",
            [model._meta.db_table, next_id],
        )
