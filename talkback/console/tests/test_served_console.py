"""The console under a real `talkback serve`: two moderators deciding at the same instant, and a
moderator working the queue with the keyboard in Debian's chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from talkback.core.tests.conftest import free_port, wait_until_up
from talkback.core.tests.test_browser import CHROMIUM, CHROMIUM_ARGS

PASSWORD = "console-test-pw-1"

# Comment 1 is suspected of a threat, comment 2 of a personal attack: the queue shows 1 first.
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
for name in ("mo", "zoe"):
    user = User.objects.create_user(name, password="{PASSWORD}")
    SiteRole.objects.create(site=site, user=user, role="moderator")
for text, code in [("I will find you", "threat"), ("You absolute clown", "personal_attack")]:
    comment = Comment.objects.create(article=article, author_name="Gina", text=text)
    scores = {{c: 0.7 if c == code else 0.0 for c in CATEGORIES}}
    record_machine_verdict(comment, Verdict("review", (code,), scores, "test-model", "en"))
"""


@contextmanager
def serving(var: Path, seed: str) -> Iterator[str]:
    """Run `talkback serve` on a fresh SQLite database under `var`, filled by `seed`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"TALKBACK_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "talkback.settings"}
    talkback = [sys.executable, "-m", "talkback"]
    subprocess.run([*talkback, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    subprocess.run([*talkback, "shell", "-c", seed], env=env, check=True, capture_output=True)
    port = free_port()
    log_path = var / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [*talkback, "serve", "--no-migrate", f"127.0.0.1:{port}"],
            env=env,
            stdout=log,
            stderr=log,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, Path(log_path))
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def console_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("console-var"), SEED) as url:
        yield url


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    """A signed-in moderator speaking plain HTTP, with its own cookies."""

    def __init__(self, url: str, username: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
        )
        self.post("/accounts/login/", {"username": username, "password": PASSWORD})

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.url + path}
        try:
            with self.opener.open(urllib.request.Request(self.url + path, body, headers)) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        _, page = self.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page
        return self.request(path, {**data, "csrfmiddlewaretoken": token.group(1)})


@pytest.mark.server
def test_two_moderators_deciding_at_once_get_one_decision_and_one_conflict(console_url):
    mo, zoe = Session(console_url, "mo"), Session(console_url, "zoe")
    forms = []
    for session in (mo, zoe):
        _, page = session.request("/console/front/queue/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page
        forms.append(token.group(1))
    start = threading.Barrier(2)
    answers: dict[str, tuple[int, str]] = {}

    def decide(name: str, session: Session, token: str, decision: str) -> None:
        data = {"decision": decision, "reasons": "threat", "csrfmiddlewaretoken": token}
        start.wait()
        answers[name] = session.request("/console/front/comments/1/decide/", data)

    threads = [
        threading.Thread(target=decide, args=("mo", mo, forms[0], "reject")),
        threading.Thread(target=decide, args=("zoe", zoe, forms[1], "approve")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _ in answers.values())
    assert statuses == [303, 409]
    winner = next(name for name, (status, _) in answers.items() if status == 303)
    loser_page = next(page for status, page in answers.values() if status == 409)
    assert f"already decided by {winner}" in loser_page
    _, history = mo.request("/console/comment/1/")
    assert history.count('data-by="moderator"') == 1
    expected = "rejected" if winner == "mo" else "approved"
    assert f'data-status="{expected}"' in history


@pytest.mark.browser
def test_a_moderator_rejects_with_the_keyboard(console_url):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: scripts/setup --test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(console_url + "/console/front/queue/")
        page.fill("input[name=username]", "zoe")
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector("#card-2")
        assert page.locator(".queue-card.current").get_attribute("data-comment") is not None

        page.keyboard.press("j")
        current = page.locator(".queue-card.current")
        assert current.get_attribute("data-comment") == "2"
        page.keyboard.press("2")  # vulgarity, besides the machine's personal_attack
        assert current.locator("input[value=vulgarity]").is_checked()
        with page.expect_navigation():
            page.keyboard.press("r")

        assert page.locator("#card-2").count() == 0
        page.goto(console_url + "/console/comment/2/")
        assert page.locator("#status").get_attribute("data-status") == "rejected"
        decided = page.locator('tr[data-by="moderator"]')
        assert decided.locator("td").nth(1).inner_text() == "zoe"
        assert decided.locator("td").nth(3).inner_text() == "Vulgarity, Personal attacks"
        browser.close()
