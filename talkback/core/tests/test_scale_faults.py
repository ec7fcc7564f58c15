"""The production server when the database or the queue becomes unreachable (PostgreSQL)."""

from __future__ import annotations

import json
import signal
import urllib.error
import urllib.request
from typing import Any

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from talkback.comments.models import Comment, Status
from talkback.core.tests.conftest import free_port
from talkback.core.tests.faults import TcpProxy
from talkback.core.tests.processes import (
    database_port,
    database_url,
    postgres_only,
    talkback,
    wait_for_output,
    wait_until,
)

pytestmark = postgres_only

GUEST = {"author_name": "Gina Guest", "author_email": "gina@example.org"}


def request(
    url: str, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data, {"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def proxy():
    proxy = TcpProxy(database_port())
    proxy.restore()
    yield proxy
    proxy.cut()


@pytest.fixture
def production(tmp_path):
    """Start `talkback serve --production` with `env`; return its URL once it answers."""
    servers = []

    def start(**env: str) -> str:
        port = free_port()
        log = tmp_path / "server.log"
        server = talkback(
            "serve",
            "--production",
            "--no-migrate",
            "--processes",
            "2",
            f"127.0.0.1:{port}",
            log=log,
            TALKBACK_VAR_DIR=str(tmp_path),
            **env,
        )
        servers.append(server)
        wait_for_output(server, log, "Booting worker")
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: _answers(url), timeout=30, every=0.1)
        return url

    yield start
    for server in servers:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def test_an_unreachable_database_gets_a_clear_503_and_nothing_half_written(
    article, proxy, production
):
    url = production(DATABASE_URL=database_url(proxy.port), TASKS_BACKEND="immediate")
    thread = f"{url}{article.get_absolute_url()}"
    api = f"{url}/api/v1/sites/{article.site.slug}/articles/{article.pk}/comments"
    assert request(thread)[0] == 200
    # Static files come compressed from WhiteNoise in the production server.
    status, headers, _ = request(
        f"{url}/static/talkback/talkback.css", None, {"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["Content-Encoding"] == "gzip"

    proxy.cut()

    status, headers, body = request(thread)
    assert status == 503 and headers["Retry-After"] == "30"
    assert "Comments are unavailable for a moment" in body.decode()
    status, _, body = request(api, {"text": "Thanks for the report.", **GUEST})
    assert status == 503 and json.loads(body)["error"]["code"] == "unavailable"

    proxy.restore()

    assert not Comment.objects.exists()
    assert request(thread)[0] == 200
    status, _, body = request(api, {"text": "Thanks for the report.", **GUEST})
    assert status == 201 and json.loads(body)["status"] == Status.APPROVED


def test_comments_posted_while_the_queue_is_unreachable_wait_and_are_moderated_once_it_is_back(
    article, proxy, production, tmp_path
):
    # The queue lives in a database of its own, reached through the proxy.
    queue = {"TASKS_DATABASE_URL": database_url(proxy.port)}
    url = production(**queue)
    api = f"{url}/api/v1/sites/{article.site.slug}/articles/{article.pk}/comments"
    proxy.cut()

    status, _, body = request(api, {"text": "Thanks for the report.", **GUEST})

    # Stored, and the reader is told it is waiting; its task never reached the queue.
    assert status == 201
    posted = json.loads(body)
    assert posted["status"] == Status.PENDING
    assert not DBTaskResult.objects.exists()
    status, _, body = request(
        f"{url}/api/v1/comments/{posted['id']}?token={posted['status_token']}"
    )
    assert status == 200 and json.loads(body)["status"] == Status.PENDING

    proxy.restore()
    log = tmp_path / "worker.log"
    worker = talkback("worker", "--stale-after", "0.5", log=log, **queue)
    try:
        comment = Comment.objects.get()
        wait_until(lambda: Comment.objects.get().status != Status.PENDING)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED and comment.verdicts.count() == 1
    # The sweep enqueued it again, through the queue's own connection.
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
