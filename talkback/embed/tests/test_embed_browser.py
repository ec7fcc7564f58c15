"""The embed on a publisher's page of another origin, in Debian's chromium: the frame appears,
sizes itself to its content, creates the article on first view, and a reader posts through it."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from talkback.core.tests.conftest import free_port, wait_until_up
from talkback.core.tests.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

HOST_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>The Daily Front: Budget passes</title></head>
<body>
<h1>Budget passes</h1>
<p>The publisher's own page, with its own styles and scripts.</p>
<script src="{talkback}/embed.js" data-site="front" data-article-id="cms-99"
  data-article-url="{host}/budget.html" data-article-title="Budget passes"></script>
<p id="after">After the comments.</p>
</body></html>
"""


@dataclass(frozen=True)
class Setup:
    talkback: str
    host: str


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    """Talkback on 127.0.0.1, the publisher's static page on localhost: two origins (and two
    sites, so no cookie of Talkback's reaches the frame)."""
    var = tmp_path_factory.mktemp("var")
    talkback_port, host_port = free_port(), free_port()
    talkback, host = f"http://127.0.0.1:{talkback_port}", f"http://localhost:{host_port}"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"TALKBACK_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "talkback.settings"}
    env |= {"TALKBACK_MIN_FILL_SECONDS": "0"}
    command = [sys.executable, "-m", "talkback"]
    seed = (
        "from talkback.newsroom.models import Site; "
        f"Site.objects.create(name='The Daily Front', slug='front', allowed_origins=['{host}'], "
        "embed_creates_articles=True)"
    )
    subprocess.run([*command, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    subprocess.run([*command, "shell", "-c", seed], env=env, check=True, capture_output=True)
    pages = tmp_path_factory.mktemp("publisher")
    (pages / "budget.html").write_text(HOST_PAGE.format(talkback=talkback, host=host))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(pages))
    publisher = http.server.ThreadingHTTPServer(("127.0.0.1", host_port), handler)
    threading.Thread(target=publisher.serve_forever, daemon=True).start()
    log = (var / "server.log").open("w")
    process = subprocess.Popen(
        [*command, "serve", "--no-migrate", f"127.0.0.1:{talkback_port}"],
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        wait_until_up(talkback, process, var / "server.log")
        yield Setup(talkback, host)
    finally:
        process.terminate()
        process.wait(timeout=10)
        publisher.shutdown()


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser.new_context().new_page()
        browser.close()


def test_a_reader_posts_through_the_embed_on_another_origin(page, setup):
    page.goto(f"{setup.host}/budget.html")
    frame_element = page.locator("iframe.talkback-frame")
    frame = page.frame_locator("iframe.talkback-frame")
    frame.locator("#comment-form").wait_for()

    # The frame reported its height and the host page sized it to fit (480px is the default).
    page.wait_for_function(
        "() => document.querySelector('iframe.talkback-frame').style.height !== '480px'"
    )
    content = frame.locator("html").evaluate("html => html.offsetHeight")
    assert abs(frame_element.bounding_box()["height"] - content) <= 2

    thread_height = frame_element.bounding_box()["height"]
    # A message from anywhere but the frame (here the host page itself) is ignored.
    page.evaluate("window.postMessage({type: 'talkback:height', height: 5}, '*')")
    page.wait_for_timeout(200)
    assert frame_element.bounding_box()["height"] == thread_height
    form = frame.locator("#comment-form")
    form.locator("textarea[name=text]").fill("Clear reporting on the budget, thank you.")
    form.locator("input[name=author_name]").fill("Embed Reader")
    form.locator("input[name=author_email]").fill("embed@example.org")
    form.get_by_role("button").click()

    outcome = frame.locator("#outcome")
    outcome.wait_for()
    assert outcome.get_attribute("data-status") == "approved"
    # The frame resized again, to the outcome page.
    page.wait_for_function(
        "h => Math.abs(document.querySelector('iframe.talkback-frame')"
        ".getBoundingClientRect().height - h) > 2",
        arg=thread_height,
    )
    frame.get_by_role("link", name="Back to the comments").click()
    frame.locator("li.comment", has_text="Clear reporting on the budget").wait_for()
    # The host page's own content is untouched, around the frame.
    assert page.locator("#after").is_visible()
