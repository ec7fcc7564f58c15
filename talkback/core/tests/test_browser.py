"""A reader's real flow in Debian's chromium, driven by Playwright against `talkback serve`."""

from __future__ import annotations

import shutil
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


def open_demo_article(page, server) -> None:
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
