"""A day in the console, in Debian's chromium against a real `talkback serve`: a moderator rejects
with the keyboard and undoes it, rejects again; a reader reports a published comment, which
lands in the reported tab; the author appeals and a second moderator publishes the comment on
appeal with the keyboard; the audit log shows it all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from talkback.console.tests.test_served_console import PASSWORD, serving
from talkback.core.tests.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser
TOKEN = "walkthrough-status-token-0123456789"

# Comment 1 waits in review (a threat?); comment 2 is published. mo and zoe moderate; rita reads.
SEED = f"""
from django.contrib.auth.models import User
from talkback.comments.models import Comment
from talkback.comments.moderate import record_machine_verdict
from talkback.console.models import SiteRole
from talkback.moderation import Verdict
from talkback.moderation.taxonomy import CATEGORIES
from talkback.newsroom.models import Site
site = Site.objects.create(name="The Daily Front", slug="front")
article = site.articles.create(external_id="1", title="Strikes across the border")
for name in ("mo", "zoe", "rita"):
    user = User.objects.create_user(name, password="{PASSWORD}")
    if name != "rita":
        SiteRole.objects.create(site=site, user=user, role="moderator")
for text, decision, code in [("I will find you", "review", "threat"), ("Fair", "approve", "")]:
    comment = Comment.objects.create(
        article=article, author_name="Gina", text=text, status_token="{TOKEN}"
    )
    scores = {{c: 0.7 if c == code else 0.0 for c in CATEGORIES}}
    reasons = (code,) if code else ()
    record_machine_verdict(comment, Verdict(decision, reasons, scores, "test-model", "en"))
"""


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("walkthrough-var"), SEED) as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: scripts/setup --test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def signed_in(browser, url: str, username: str, path: str):
    page = browser.new_context().new_page()
    page.goto(url + path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def test_a_day_in_the_console(browser, url):
    mo = signed_in(browser, url, "mo", "/console/front/queue/")

    # mo rejects comment 1 with the keyboard (the machine's reason comes ticked), then undoes.
    assert mo.locator(".queue-card.current").get_attribute("data-comment") == "1"
    with mo.expect_navigation():
        mo.keyboard.press("r")
    assert mo.locator("#card-1").count() == 0
    assert "Rejected: comment 1." in mo.locator("#undo").inner_text()
    with mo.expect_navigation():
        mo.keyboard.press("u")
    assert mo.locator("#card-1").count() == 1
    assert "back in the queue" in mo.locator(".messages").inner_text()
    with mo.expect_navigation():
        mo.keyboard.press("r")

    # rita reports the published comment as a threat: one severe report sends it back.
    rita = signed_in(browser, url, "rita", "/accounts/login/")
    rita.goto(url + "/s/front/a/1/")
    rita.locator("#comment-2 summary").click()
    rita.locator("#comment-2 select[name=reason]").select_option("threat")
    with rita.expect_navigation():
        rita.locator("#comment-2 .report-form button").click()
    assert "Report recorded" in rita.content()
    mo.goto(url + "/console/front/reported/")
    assert mo.locator("#card-2 .report").get_attribute("data-reason") == "threat"

    # Gina, the author, appeals mo's rejection from her status page.
    gina = browser.new_context().new_page()
    gina.goto(url + f"/comments/1/?token={TOKEN}")
    gina.fill("#appeal-form textarea[name=message]", "I was quoting a film.")
    with gina.expect_navigation():
        gina.locator("#appeal-form button").click()
    assert gina.locator("#appeal").get_attribute("data-decision") == ""

    # mo may not decide the appeal of his own rejection; zoe publishes it with the keyboard.
    mo.goto(url + "/console/front/appeals/")
    assert "another moderator decides its appeal" in mo.locator("#card-1").inner_text()
    zoe = signed_in(browser, url, "zoe", "/console/front/appeals/")
    with zoe.expect_navigation():
        zoe.keyboard.press("a")
    assert zoe.locator("#card-1").count() == 0
    gina.reload()
    assert gina.locator("#appeal").get_attribute("data-decision") == "overturned"

    # The audit log shows every step, newest first.
    zoe.goto(url + "/console/front/audit/")
    actions = zoe.locator("tr.entry").evaluate_all("rows => rows.map(r => r.dataset.action)")
    assert actions == ["appeal_decision", "review_decision", "undo", "review_decision"]
    who = zoe.locator("tr.entry td:nth-child(2)").all_inner_texts()
    assert who == ["zoe", "mo", "mo", "mo"]
