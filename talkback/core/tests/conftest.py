"""A real `talkback serve` process for the tests that need one (browser, concurrency)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]  # (address, port) for AF_INET
        return port


@dataclass(frozen=True)
class Server:
    url: str
    #: The demo reader account's password, as `talkback demo` printed it.
    reader_password: str


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Serve the demo site from a fresh SQLite database, as the README's first command does."""
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"TALKBACK_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "talkback.settings"}
    # Browsers driven by Playwright post faster than people, and tests post many from one IP.
    env |= {"TALKBACK_MIN_FILL_SECONDS": "0"}
    env |= {"TALKBACK_POST_LIMIT_IP": "1000", "TALKBACK_POST_LIMIT_EMAIL": "1000"}
    talkback = [sys.executable, "-m", "talkback"]
    subprocess.run([*talkback, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    demo = subprocess.run([*talkback, "demo"], env=env, check=True, capture_output=True, text=True)
    password = re.search(r"Demo account: reader / (\S+)", demo.stdout)
    assert password, demo.stdout
    port = free_port()
    log = (var / "server.log").open("w")
    process = subprocess.Popen(
        [*talkback, "serve", "--no-migrate", f"127.0.0.1:{port}"], env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, var / "server.log")
        yield Server(url, password.group(1))
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"talkback serve exited: {log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"talkback serve did not answer within 30 s: {log.read_text()}")
