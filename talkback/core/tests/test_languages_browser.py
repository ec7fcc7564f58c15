"""The thread in Sorani in Debian's chromium: the reader switches language, the page turns RTL."""

from __future__ import annotations

from pathlib import Path

import pytest

from talkback.core.tests.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

#: The Sorani for "Post comment" (talkback/locale/ckb).
POST_COMMENT_CKB = "ناردنی لێدوان"


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: scripts/setup --test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_the_thread_in_sorani_reads_right_to_left(chromium, server, tmp_path):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(server.url)
        page.locator(".articles a").first.click()
        page.wait_for_selector("#comment-form")
        assert page.evaluate("document.documentElement.dir") == "ltr"

        # The switcher posts to Django's set_language with the page's CSRF token.
        page.locator("#language-select").select_option("ckb")
        page.locator(".language-switcher button").click()
        page.wait_for_selector("html[lang=ckb]")

        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        submit = page.locator("#comment-form button[type=submit]")
        assert submit.inner_text().strip() == POST_COMMENT_CKB
        page.screenshot(path=str(tmp_path / "thread-ckb.png"), full_page=True)
    finally:
        context.close()
