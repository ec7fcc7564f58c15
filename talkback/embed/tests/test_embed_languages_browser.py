"""The embed on a Sorani publisher's page, in Debian's chromium: the frame follows the page's
language and reads right to left; a reader posts in Sorani and the outcome stays in Sorani."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from talkback.embed.tests.test_embed_browser import page, setup  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

SORANI_PAGE = """<!doctype html>
<html lang="ckb" dir="rtl"><head><meta charset="utf-8"><title>بودجە پەسەند کرا</title></head>
<body>
<h1>بودجە پەسەند کرا</h1>
<script src="{talkback}/embed.js" data-site="front" data-article-id="cms-ckb-1"
  data-article-url="{host}/ckb/budget.html" data-article-title="بودجە پەسەند کرا"></script>
</body></html>
"""


def publisher_folder(tmp_path_factory: pytest.TempPathFactory, host: str) -> Path:
    """The folder the publisher's static server serves (test_embed_browser's `setup`)."""
    base = tmp_path_factory.getbasetemp()
    for found in base.glob("publisher*/budget.html"):
        if f"{host}/budget.html" in found.read_text():
            return found.parent
    raise AssertionError("the publisher's folder is missing")


def test_the_embed_on_a_sorani_page_reads_right_to_left(
    page,  # noqa: F811
    setup,  # noqa: F811
    tmp_path,
    tmp_path_factory,
):
    # The publisher's Sorani page, served by the publisher's own server (a page of a public
    # origin may not load Talkback's script from a loopback address).
    folder = publisher_folder(tmp_path_factory, setup.host) / "ckb"
    folder.mkdir(exist_ok=True)
    (folder / "budget.html").write_text(
        SORANI_PAGE.format(talkback=setup.talkback, host=setup.host)
    )
    page.goto(f"{setup.host}/ckb/budget.html")
    frame = page.frame_locator("iframe.talkback-frame")
    form = frame.locator("#comment-form")
    form.wait_for()

    assert frame.locator("html").get_attribute("lang") == "ckb"
    assert frame.locator("html").get_attribute("dir") == "rtl"
    assert frame.locator("body").evaluate("body => getComputedStyle(body).direction") == "rtl"
    assert form.locator("button[type=submit]").inner_text().strip() == "ناردنی لێدوان"
    artefacts = Path(os.environ.get("TALKBACK_TEST_ARTEFACTS") or tmp_path)
    artefacts.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(artefacts / "embed-ckb.png"), full_page=True)

    form.locator("textarea[name=text]").fill("Clear reporting on the budget, thank you.")
    form.locator("input[name=author_name]").fill("ئارام")
    form.locator("input[name=author_email]").fill("aram@example.org")
    form.locator("button[type=submit]").click()
    outcome = frame.locator("#outcome")
    outcome.wait_for()
    assert outcome.get_attribute("data-status") == "approved"
    assert outcome.locator("h1").inner_text() == "لێدوانەکەت بڵاوکرایەوە"
    assert frame.locator("html").get_attribute("dir") == "rtl"
    # The Latin comment keeps its own direction inside the right-to-left frame.
    quoted = frame.locator(".quoted .text")
    assert quoted.get_attribute("dir") == "auto"
    assert quoted.evaluate("el => getComputedStyle(el).direction") == "ltr"
