"""Time the moderator console's pages on a throwaway database holding 100,000 comments in review.

Run: `python bench/console.py [--count N] [--runs R] [--database-url URL]`.

Without --database-url the database is a fresh SQLite file in a temporary folder (deleted at the
end); with one (PostgreSQL: an empty database of your own, e.g.
`postgres://postgres@127.0.0.1:5432/console_bench`), it is migrated and filled, and left as it is.

The fill, all through `bulk_create`: one site with 200 articles, N comments in review (default
100,000) each with its machine verdict, spread over seven categories, six languages, 500 authors
and 30 days; plus N/10 comments decided by five moderators, each with its Verdict and audit
entry, for the statistics and the audit export.

On PostgreSQL the fill ends with ANALYZE, as autovacuum would do soon after it in production.
Each page is requested R times (default 15) through Django's test client as a signed-in
moderator, after two warm-up requests; the figures are medians, in milliseconds, of the whole
request (database, template, for the CSV every streamed row): wall-clock time, and the CPU time
of this process, which on a shared machine says more (on SQLite it includes the database's
work; on PostgreSQL it does not).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 7
BATCH = 5000
WARM_UP = 2
#: The queue pages' target: the median under this many milliseconds.
TARGET_MS = 100.0
WORDS = (
    "minister",
    "policy",
    "strike",
    "border",
    "army",
    "election",
    "report",
    "refugees",
    "market",
    "coverage",
    "journalist",
    "council",
    "budget",
    "court",
    "police",
    "protest",
    "water",
    "school",
    "hospital",
    "village",
)
LANGUAGES = ("en", "en", "en", "ar", "fa", "tr", "ckb", "kmr")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="comments in review")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--database-url", help="an empty database to fill (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="talkback-bench-") as var:
        _configure(var, args.database_url)
        started = time.perf_counter()
        fill(args.count)
        refresh_statistics()
        print(f"filled in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        report(measure(args.runs), args.count)


def _configure(var: str, database_url: str | None) -> None:
    os.environ["TALKBACK_VAR_DIR"] = var
    os.environ["DJANGO_SETTINGS_MODULE"] = "talkback.settings"
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def fill(count: int) -> None:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from talkback.comments.models import Comment, Status, Verdict
    from talkback.comments.priority import SEVERITY_ORDER
    from talkback.console.models import Action, AuditEntry, Role, SiteRole
    from talkback.moderation.taxonomy import CATEGORIES
    from talkback.newsroom.models import Article, Site

    rng = random.Random(SEED)
    site = Site.objects.create(name="The Daily Bench", slug="bench")
    articles = Article.objects.bulk_create(
        Article(site=site, external_id=str(n), title=f"Article {n}: {rng.choice(WORDS)}")
        for n in range(200)
    )
    moderators = [User.objects.create_user(f"mod{n}", password="bench-pw") for n in range(5)]
    SiteRole.objects.bulk_create(
        SiteRole(site=site, user=user, role=Role.MODERATOR) for user in moderators
    )
    now = timezone.now()

    def comment(status: str) -> Comment:
        code = rng.choice(CATEGORIES)
        return Comment(
            article=rng.choice(articles),
            author_name=f"Reader {rng.randrange(500)}",
            author_email=f"reader{rng.randrange(500)}@example.org",
            text=" ".join(rng.choices(WORDS, k=rng.randint(5, 40))),
            language=rng.choice(LANGUAGES),
            status=status,
            review_category=code,
            review_severity=SEVERITY_ORDER.index(code) + 1,
            review_margin=round(rng.random() * 0.3, 6),
        )

    def machine(stored: Comment) -> Verdict:
        code = stored.review_category
        scores = {c: round(rng.random() * 0.4, 3) for c in CATEGORIES} | {code: 0.6}
        return Verdict(
            comment=stored, decision="review", reasons=[code], scores=scores, model_version="bench"
        )

    def created(n: int) -> Any:
        return now - timedelta(minutes=n * 30 * 24 * 60 // max(1, count))

    for start in range(0, count, BATCH):
        batch = Comment.objects.bulk_create(
            comment(Status.REVIEW) for _ in range(min(BATCH, count - start))
        )
        Verdict.objects.bulk_create(machine(stored) for stored in batch)
        _spread(Comment, batch, start, created)
    decided = Comment.objects.bulk_create(comment(Status.APPROVED) for _ in range(count // 10))
    Verdict.objects.bulk_create(machine(stored) for stored in decided)
    _spread(Comment, decided, 0, created)
    for start in range(0, len(decided), BATCH):
        chunk = decided[start : start + BATCH]
        by = [
            (stored, rng.choice(moderators), rng.choice(("approve", "reject"))) for stored in chunk
        ]
        verdicts = Verdict.objects.bulk_create(
            Verdict(comment=stored, moderator=user, decision=decision, reasons=[])
            for stored, user, decision in by
        )
        AuditEntry.objects.bulk_create(
            AuditEntry(
                site=site,
                actor=user,
                action=Action.REVIEW_DECISION,
                comment=stored,
                verdict=verdict,
                decision=decision,
                machine="review",
                category=stored.review_category,
                detail={"reasons": []},
            )
            for (stored, user, decision), verdict in zip(by, verdicts, strict=True)
        )


def refresh_statistics() -> None:
    """On PostgreSQL, ANALYZE as autovacuum soon would after such a fill: without it the planner
    still believes the tables empty. SQLite is left as Talkback leaves it, never analysed."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _spread(model: Any, batch: list[Any], offset: int, created: Callable[[int], Any]) -> None:
    """Spread the comments' times over the period (auto_now_add gave them all the same)."""
    for n, stored in enumerate(batch):
        stored.created_at = created(offset + n)
    model.objects.bulk_update(batch, ["created_at"], batch_size=BATCH)


def measure(runs: int) -> dict[str, tuple[float, float]]:
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="mod0"))
    pages = {
        "queue page": "/console/bench/queue/",
        "queue page 50 (deep)": "/console/bench/queue/?page=50",
        "filtered queue (category + language)": "/console/bench/queue/?category=threat&language=ar",
        "filtered queue (article)": f"/console/bench/queue/?article={_an_article()}",
        "search (text contains)": "/console/bench/queue/?q=hospital+village",
        "search (author)": "/console/bench/queue/?author=Reader+42",
        "reported tab": "/console/bench/reported/",
        "audit log": "/console/bench/audit/",
        "statistics (30 days)": "/console/bench/statistics/",
        "audit CSV export (all)": "/console/bench/audit.csv",
    }
    return {name: _median_ms(client, url, runs) for name, url in pages.items()}


def _an_article() -> int:
    from talkback.newsroom.models import Article

    article = Article.objects.order_by("pk").first()
    assert article is not None
    return article.pk


def _median_ms(client: Any, url: str, runs: int) -> tuple[float, float]:
    """The median wall-clock and CPU time (of this process) of a request, in milliseconds."""
    walls, cpus = [], []
    for n in range(WARM_UP + runs):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018 - render it all
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        if n >= WARM_UP:
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def report(figures: dict[str, tuple[float, float]], count: int) -> None:
    from django.db import connection

    load = os.getloadavg()[0]
    print(
        f"{count:,} comments in review, {connection.vendor}, {os.cpu_count()} CPUs, load "
        f"{load:.1f}; median of timed requests, ms (wall clock; CPU of this process, which on "
        "SQLite includes the database):"
    )
    for name, (wall, cpu) in figures.items():
        flag = ""
        if name.startswith(("queue", "filtered")):
            flag = "  ok" if wall < TARGET_MS else f"  over {TARGET_MS:.0f} ms"
        print(f"  {name:40} {wall:8.1f} {cpu:8.1f}{flag}")


if __name__ == "__main__":
    main()
