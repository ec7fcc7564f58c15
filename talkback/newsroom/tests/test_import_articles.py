"""`talkback import-articles`: the seed page lands clean, each paragraph once, no policy block."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from talkback.newsroom.models import Article, Site

SEED = Path(__file__).resolve().parents[2] / "core" / "demo" / "seed_article.txt"
SHARED_SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seed" / "article.txt"


@pytest.mark.parametrize("path", [SEED, SHARED_SEED], ids=["packaged", "shared"])
def test_it_imports_the_seed_article_with_each_paragraph_once(db, path):
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")

    call_command("import-articles", str(path), site="demo", create_site="Demo")

    article = Article.objects.get(site__slug="demo")
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == len(set(paragraphs))
    assert article.body.count("Our jets hit two targets") == 1
    for boilerplate in ("Rudaw moderates all comments", "community guidelines", "Post a comment"):
        assert boilerplate not in article.body
    assert paragraphs[-1].startswith("The coalition does not have confirmed figures")
    assert 0 < len(article.title) <= 120


def test_it_updates_rather_than_duplicates_on_a_second_import(db):
    call_command("import-articles", str(SEED), site="demo", create_site="Demo")
    call_command("import-articles", str(SEED), site="demo")

    assert Article.objects.count() == 1


def test_it_refuses_an_unknown_site_without_create_site(db):
    with pytest.raises(CommandError, match="no site 'nowhere'"):
        call_command("import-articles", str(SEED), site="nowhere")
    assert not Site.objects.exists()


def test_it_reports_a_file_it_cannot_import_and_stores_nothing_from_it(db, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")

    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("import-articles", str(empty), str(SEED), site="demo", create_site="Demo")
    assert Article.objects.count() == 1


FEED_WITHOUT_IDS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>First story</title>
  <description>The first story happened today in the city.</description></item>
<item><title>Second story</title>
  <description>The second story happened later in the day.</description></item>
</channel></rss>"""


def test_it_keeps_feed_entries_without_ids_apart(db, tmp_path):
    feed = tmp_path / "wire.xml"
    feed.write_text(FEED_WITHOUT_IDS)

    call_command("import-articles", str(feed), site="demo", create_site="Demo")

    titles = sorted(Article.objects.values_list("title", flat=True))
    assert titles == ["First story", "Second story"]


def test_it_stores_an_article_whose_url_is_too_long_for_an_id(db, tmp_path):
    url = "https://news.example.org/" + "a" * 400
    page = tmp_path / "long.html"
    page.write_text(
        f'<html><head><title>Long</title><link rel="canonical" href="{url}"></head>'
        "<body><article><h1>Long</h1><p>A paragraph of the story that is long enough to count.</p>"
        "</article></body></html>"
    )

    call_command("import-articles", str(page), site="demo", create_site="Demo")
    call_command("import-articles", str(page), site="demo")

    article = Article.objects.get()
    assert article.url == url and article.external_id.startswith("sha256:")
