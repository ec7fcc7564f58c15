"""Requests per second of the JSON API on the embedded default: listing a 200-comment thread,
and posting (moderation runs in the request, as `talkback serve` does by default).

Run: `python bench/api.py [--duration 10] [--concurrency 4]`. It serves a fresh SQLite database
in a temporary folder with `talkback serve`, seeds one article with 100 published top-level
comments and one published reply each, then for --duration seconds per phase sends requests from
--concurrency threads and prints requests/s and latency percentiles. Every post comes from its
own address and email (X-Forwarded-For behind one trusted proxy), so no rate limit is reached.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

TALKBACK = [sys.executable, "-m", "talkback"]
SEED = """
from talkback.comments.models import Comment, Status
from talkback.newsroom.models import Article, Site
site = Site.objects.create(name="Bench", slug="bench")
article = Article.objects.create(site=site, external_id="b-1", title="Budget passes")
for n in range(100):
    top = Comment.objects.create(article=article, author_name=f"Reader {n}",
        author_email=f"r{n}@example.org", text=f"Comment {n} on the budget.",
        status=Status.APPROVED)
    Comment.objects.create(article=article, parent=top, author_name="Replier",
        author_email="re@example.org", text="A reply.", status=Status.APPROVED)
print(article.pk)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def measure(duration: float, concurrency: int, call: Callable[[int], int]) -> None:
    latencies: list[float] = []
    errors: list[int] = []
    deadline = time.monotonic() + duration
    counter = iter(range(10**9))
    lock = threading.Lock()

    def work() -> None:
        while time.monotonic() < deadline:
            with lock:
                n = next(counter)
            start = time.perf_counter()
            status = call(n)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if status >= 400:
                    errors.append(status)

    threads = [threading.Thread(target=work) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"  {len(latencies) / took:7.1f} requests/s, p50 {cuts[49] * 1000:.0f} ms, "
        f"p95 {cuts[94] * 1000:.0f} ms, {len(latencies)} requests, {len(errors)} errors"
    )


def request(port: int, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, path, body, headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="talkback-bench-api-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "TALKBACK_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "talkback.settings",
        "TALKBACK_PROXY_COUNT": "1",
    }
    subprocess.run([*TALKBACK, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    seeded = subprocess.run(
        [*TALKBACK, "shell", "-c", SEED], env=env, check=True, capture_output=True, text=True
    )
    article = int(seeded.stdout.split()[-1])
    port = free_port()
    log = (var / "server.log").open("w")
    server = subprocess.Popen(
        [*TALKBACK, "serve", "--no-migrate", f"127.0.0.1:{port}"], env=env, stdout=log, stderr=log
    )
    thread = f"/api/v1/sites/bench/articles/{article}/comments"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{thread}", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        print(f"GET {thread}?limit=100 (100 comments + 100 replies per answer):")
        measure(
            args.duration,
            args.concurrency,
            lambda n: request(port, "GET", f"{thread}?limit=100", None, {}),
        )

        def post(n: int) -> int:
            body = {
                "text": f"Reader {n}: the council should publish the figures.",
                "author_name": "Bench",
                "author_email": f"bench{n}@example.org",
            }
            headers = {
                "Content-Type": "application/json",
                "X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
            }
            return request(port, "POST", thread, json.dumps(body).encode(), headers)

        post(0)  # loads the models, as the first comment after a start does
        print(f"POST {thread} (moderated in the request):")
        measure(args.duration, args.concurrency, post)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
