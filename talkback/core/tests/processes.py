"""Real `talkback` processes for the fault tests: workers and servers on the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

#: For tests that need other processes to share the test database: SQLite's test database lives
#: in memory, and PostgreSQL is what runs at scale.
postgres_only = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.getenv("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def database_port() -> int:
    return int(connection.settings_dict["PORT"] or 5432)


def database_url(port: int | None = None) -> str:
    """The URL of the test database this process uses (through `port` on this machine if given,
    such as a fault test's proxy)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"127.0.0.1:{port}" if port else f"{db['HOST']}:{database_port()}"
    return f"postgres://{db['USER']}{password}@{host}/{db['NAME']}"


def talkback(*args: str, log: Path, **env: str) -> subprocess.Popen[bytes]:
    """Start `talkback ARGS...` on the test database with the database queue, its output to `log`
    (a file, not a pipe, so a chatty process never blocks on it)."""
    environment = os.environ | {
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "database",
        "DJANGO_SETTINGS_MODULE": "talkback.settings",
        **env,
    }
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "talkback", *args],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_until(condition: Callable[[], Any], timeout: float = 60, every: float = 0.01) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {condition.__doc__ or condition}")
        time.sleep(every)


def wait_for_output(process: subprocess.Popen[bytes], log: Path, text: str) -> None:
    """Wait until `process` has written `text` (its ready message) to `log`."""

    def ready() -> bool:
        if process.poll() is not None:
            pytest.fail(f"the process exited ({process.returncode}): {log.read_text()}")
        return text in log.read_text()

    wait_until(ready)
