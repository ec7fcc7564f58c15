"""A reader's real flow in Debian's chromium, driven by Playwright against `talkback serve`."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# This machine has no network: without these flags chromium keeps trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Serve the demo site from a fresh SQLite database, as the README's first command does."""
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"TALKBACK_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "talkback.settings"}
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


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: scripts/setup --test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def open_demo_article(page, server: Server) -> None:
    page.goto(server.url)
    page.locator(".articles a").first.click()
    page.wait_for_selector("#comment-form")


def post_comment(page, text: str, form_id: str = "comment-form", as_guest: bool = True) -> None:
    form = page.locator(f"#{form_id}")
    form.locator("textarea[name=text]").fill(text)
    if as_guest:
        form.locator("input[name=author_name]").fill("Browser Reader")
        form.locator("input[name=author_email]").fill("reader@example.org")
    form.get_by_role("button").click()
    page.wait_for_selector("#outcome")


def test_a_reader_posts_a_clean_comment_and_sees_it_published(page, server):
    open_demo_article(page, server)

    post_comment(page, "Clear reporting, thank you. Any news on the civilians in Hajin?")

    assert page.locator("#outcome").get_attribute("data-status") == "approved"
    assert "Your comment is published" in page.locator("#outcome h1").inner_text()
    page.get_by_role("link", name="in the thread").click()
    assert page.get_by_text("Any news on the civilians in Hajin?").is_visible()


def test_a_reader_posts_obfuscated_profanity_and_sees_the_rejection_and_the_words(page, server):
    open_demo_article(page, server)

    post_comment(page, "This is total b u l l s h i t, and the editors know it")

    assert page.locator("#outcome").get_attribute("data-status") == "rejected"
    assert "Profanity" in page.locator(".reasons").inner_text()
    marked = page.locator("mark.offending")
    assert marked.count() == 1
    assert marked.inner_text() == "b u l l s h i t"
    # Another reader never sees it.
    other = page.context.browser.new_context().new_page()
    open_demo_article(other, server)
    assert other.get_by_text("editors know it").count() == 0
    other.context.close()


def test_the_api_answers_a_post_with_the_outcome(server):
    import json

    article = "/api/v1/sites/demo/articles/1/comments"
    body = {"text": "What a f*cking joke", "author_name": "Api", "author_email": "api@example.org"}
    request = urllib.request.Request(
        server.url + article, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )

    with urllib.request.urlopen(request, timeout=30) as response:
        data = json.load(response)

    assert response.status == 201
    assert data["status"] == "rejected" and data["reasons"] == ["profanity"]
    assert data["spans"] == [{"start": 7, "end": 14, "code": "profanity"}]


def test_a_reader_replies_to_a_comment_and_sees_the_reply_under_it(page, server):
    open_demo_article(page, server)
    layla = page.locator("li.comment", has_text="Layla").first
    layla.get_by_role("link", name="Reply").click()

    post_comment(page, "Same question here: is there any word from Hajin?", form_id="reply-form")

    assert page.locator("#outcome").get_attribute("data-status") == "approved"
    open_demo_article(page, server)
    replies = page.locator("li.comment", has_text="Layla").first.locator(".replies")
    assert replies.get_by_text("is there any word from Hajin?").is_visible()


def test_a_signed_in_reader_posts_without_giving_name_or_email(page, server):
    page.goto(server.url + "/accounts/login/")
    page.fill("input[name=username]", "reader")
    page.fill("input[name=password]", server.reader_password)
    page.get_by_role("button", name="Sign in").click()
    open_demo_article(page, server)
    assert page.locator("#comment-form input[name=author_email]").count() == 0

    post_comment(page, "Signed in and following the story closely.", as_guest=False)

    assert page.locator("#outcome").get_attribute("data-status") == "approved"
    assert page.locator(".quoted .author").inner_text() == "Demo Reader"
