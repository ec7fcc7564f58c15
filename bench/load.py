"""Drive a production Talkback on loopback with a reader workload, and print what it sustained.

Run: `python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/scale
[--duration 60] [--concurrency 16] [--rate R] [--processes 2] [--workers 1]` on a database filled
by `talkback load-demo` (and migrated). It starts `talkback serve --production` and `talkback
worker` processes (TASKS_BACKEND=database) itself, sends the mix below until --duration seconds
or --requests requests, whichever first, waits for the last posts' verdicts, stops everything and
prints requests/s, p50/p95/p99 latency and errors per kind, and post-to-verdict times (from the
database: each verdict's time minus its comment's).

The mix, drawn per request (--mix changes it): 95% thread page reads (`/s/<site>/a/<article>/`,
the articles drawn with a fixed seed), 4% posts through the JSON API, 1% reports of a published
comment; `api`, in no default mix, reads the thread's first page through the JSON API. Each
request comes from a random reader address (X-Forwarded-For, with TALKBACK_PROXY_COUNT=1 as
behind a proxy), so per-address rate limits act as for real readers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

TALKBACK = [sys.executable, "-m", "talkback"]
MIX = {"read": 95, "post": 4, "report": 1}
#: Every kind of request: `api` reads the thread's first page through the JSON API.
KINDS = (*MIX, "api")
#: Seconds the posts of the run get, after it, to be decided before they count as lost.
DRAIN = 30.0


@dataclass
class Cluster:
    """A production server and its workers, on one database."""

    url: str
    processes: list[subprocess.Popen[bytes]]

    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]


def environment(database_url: str) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "database",
        "DJANGO_SETTINGS_MODULE": "talkback.settings",
        "TALKBACK_PROXY_COUNT": "1",
        "TALKBACK_ENCODER_THREADS": "1",
        "DB_CONN_MAX_AGE": "60",
    }


@contextmanager
def cluster(database_url: str, processes: int, workers: int, log: Path) -> Iterator[Cluster]:
    """Start `talkback serve --production` and `workers` workers; stop them all on exit."""
    port = _free_port()
    env = environment(database_url)
    output = log.open("ab")
    server = [*TALKBACK, "serve", "--production", "--no-migrate", "--processes", str(processes)]
    started = [
        subprocess.Popen([*server, f"127.0.0.1:{port}"], env=env, stdout=output, stderr=output)
    ]
    started += [
        subprocess.Popen([*TALKBACK, "worker"], env=env, stdout=output, stderr=output)
        for _ in range(workers)
    ]
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url, started[0])
        yield Cluster(url, started)
    finally:
        for process in started:
            process.send_signal(signal.SIGTERM)
        for process in started:
            process.wait(timeout=60)
        output.close()


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    #: Server errors and failed connections, by kind and status (0: no answer).
    errors: Counter[str] = field(default_factory=Counter)
    #: Requests refused as the application should (a report of a comment hidden meanwhile).
    refused: Counter[str] = field(default_factory=Counter)
    posted: list[int] = field(default_factory=list)
    elapsed: float = 0.0


@dataclass(frozen=True)
class Workload:
    articles: Sequence[tuple[str, int]]
    published: Sequence[int]


def drive(
    url: str,
    workload: Workload,
    *,
    duration: float,
    requests: int,
    concurrency: int,
    rate: float,
    mix: dict[str, int] = MIX,
) -> Results:
    """Send `mix` from `concurrency` threads until `duration` s or `requests` requests; with a
    `rate`, at most that many requests per second in all."""
    results = Results()
    lock = threading.Lock()
    budget = iter(range(requests))
    deadline = time.monotonic() + duration
    interval = concurrency / rate if rate else 0.0

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        host = url.removeprefix("http://")
        next_at = time.monotonic()
        while time.monotonic() < deadline:
            with lock:
                if next(budget, None) is None:
                    return
            kind = rng.choices(list(mix), list(mix.values()))[0]
            started = time.monotonic()
            status, body = _send(host, *_request(kind, workload, rng))
            took = time.monotonic() - started
            with lock:
                results.latencies[kind].append(took)
                if status >= 500 or status == 0:
                    results.errors[f"{kind} {status}"] += 1
                elif status >= 400:
                    results.refused[f"{kind} {status}"] += 1
                elif kind == "post":
                    results.posted.append(json.loads(body)["id"])
            if interval:
                next_at += interval
                time.sleep(max(0.0, next_at - time.monotonic()))

    started = time.monotonic()
    threads = [threading.Thread(target=reader, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.elapsed = time.monotonic() - started
    return results


def _request(
    kind: str, workload: Workload, rng: random.Random
) -> tuple[str, str, bytes | None, str]:
    reader = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    site, article = rng.choice(workload.articles)
    if kind == "read":
        return "GET", f"/s/{site}/a/{article}/", None, reader
    if kind == "api":
        return "GET", f"/api/v1/sites/{site}/articles/{article}/comments", None, reader
    if kind == "post":
        n = rng.randrange(10**9)
        body = {
            "text": f"Reader {n}: the council should publish the casualty figures in full.",
            "author_name": f"Reader {n}",
            "author_email": f"reader{n}@example.org",
        }
        path = f"/api/v1/sites/{site}/articles/{article}/comments"
        return "POST", path, json.dumps(body).encode(), reader
    comment = rng.choice(workload.published)
    body = {"reason": "off_topic", "reporter": f"bench-{rng.randrange(10**9)}"}
    return "POST", f"/api/v1/comments/{comment}/reports", json.dumps(body).encode(), reader


def _send(host: str, method: str, path: str, body: bytes | None, reader: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, timeout=30)
    headers = {"X-Forwarded-For": reader, "Content-Type": "application/json"}
    try:
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        connection.close()


def workload(seed: int) -> Workload:
    """Articles that have published comments, and published comments to report."""
    from talkback.comments.models import Comment, Status
    from talkback.newsroom.models import Article

    rng = random.Random(seed)
    commented = Article.objects.filter(comments__isnull=False).distinct()
    ids = list(commented.values_list("pk", flat=True)[:100_000])
    chosen = rng.sample(ids, min(len(ids), 1000))
    articles = list(Article.objects.filter(pk__in=chosen).values_list("site__slug", "pk"))
    published = Comment.objects.filter(article_id__in=chosen, status=Status.APPROVED)
    return Workload(articles, list(published.values_list("pk", flat=True)[:10_000]))


def verdict_times(comment_ids: Sequence[int]) -> tuple[list[float], int]:
    """Seconds from each comment's storing to its first verdict, and how many have none."""
    from django.db.models import Min

    from talkback.comments.models import Comment

    rows = (
        Comment.objects.filter(pk__in=comment_ids)
        .annotate(decided=Min("verdicts__created_at"))
        .values_list("created_at", "decided")
    )
    times = [(decided - created).total_seconds() for created, decided in rows if decided]
    return times, len(comment_ids) - len(times)


def wait_for_verdicts(comment_ids: Sequence[int], timeout: float = DRAIN) -> None:
    from talkback.comments.models import Comment, Status

    deadline = time.monotonic() + timeout
    pending = Comment.objects.filter(pk__in=comment_ids, status=Status.PENDING)
    while pending.exists() and time.monotonic() < deadline:
        time.sleep(0.5)


def report(results: Results, verdicts: list[float], lost: int) -> str:
    total = sum(len(v) for v in results.latencies.values())
    lines = [
        f"{total} requests in {results.elapsed:.1f} s: {total / results.elapsed:.1f} requests/s"
    ]
    lines.append(f"{'kind':<8}{'count':>8}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in KINDS:
        values = results.latencies.get(kind, [])
        if not values:
            continue
        p50, p95, p99 = _percentiles(values)
        per_second = len(values) / results.elapsed
        lines.append(
            f"{kind:<8}{len(values):>8}{per_second:>8.1f}"
            f"{p50 * 1000:>9.1f}{p95 * 1000:>9.1f}{p99 * 1000:>9.1f}"
        )
    for name, counts in (("errors", results.errors), ("refused", results.refused)):
        listed = ", ".join(f"{k}: {n}" for k, n in sorted(counts.items())) or "none"
        lines.append(f"{name}: {listed}")
    p50, p95, p99 = _percentiles(verdicts)
    worst = max(verdicts, default=0.0)
    lines.append(
        f"post to verdict: {len(verdicts)} decided, {lost} not decided within {DRAIN:g} s; "
        f"p50 {p50:.2f} s, p95 {p95:.2f} s, p99 {p99:.2f} s, max {worst:.2f} s"
    )
    return "\n".join(lines)


def _percentiles(values: Sequence[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        value = values[0] if values else 0.0
        return value, value, value
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    """Wait until the server answers HTTP: gunicorn listens before its processes have loaded
    Talkback, and requests sent meanwhile would wait seconds."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}; see the log")
        if _send(url.removeprefix("http://"), "GET", "/", None, "127.0.0.1")[0]:
            return
        time.sleep(0.2)
    raise SystemExit("the server did not start within 120 s")


def setup_django(database_url: str) -> None:
    os.environ.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="talkback.settings")
    import django

    django.setup()


def arguments(description: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description or __doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.getenv("DATABASE_URL", ""))
    parser.add_argument("--duration", type=float, default=60, help="seconds (default 60)")
    parser.add_argument("--requests", type=int, default=1_000_000, help="at most this many")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rate", type=float, default=0, help="requests/s in all (0: no cap)")
    parser.add_argument("--processes", type=int, default=2, help="server processes")
    parser.add_argument("--workers", type=int, default=1, help="moderation workers")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--mix", type=_mix, default=MIX, help="shares, e.g. read=95,post=4,report=1 (the default)"
    )
    parser.add_argument("--log", type=Path, default=Path("var/bench-load.log"))
    return parser


def _mix(text: str) -> dict[str, int]:
    shares = {kind: int(share) for kind, share in (part.split("=") for part in text.split(","))}
    if not set(shares) <= set(KINDS):
        raise argparse.ArgumentTypeError(f"kinds are {', '.join(KINDS)}")
    return shares


def main() -> None:
    options = arguments().parse_args()
    if not options.database_url.startswith("postgres"):
        raise SystemExit("--database-url (or DATABASE_URL) must name a PostgreSQL database")
    setup_django(options.database_url)
    work = workload(options.seed)
    options.log.parent.mkdir(parents=True, exist_ok=True)
    with cluster(options.database_url, options.processes, options.workers, options.log) as running:
        results = drive(
            running.url,
            work,
            duration=options.duration,
            requests=options.requests,
            concurrency=options.concurrency,
            rate=options.rate,
            mix=options.mix,
        )
        wait_for_verdicts(results.posted)
    verdicts, lost = verdict_times(results.posted)
    print(report(results, verdicts, lost))


if __name__ == "__main__":
    main()
