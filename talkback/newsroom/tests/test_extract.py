"""Article extraction from feeds, HTML pages and scraped text, and scraper clean-up.

The code under test is pure Python (no Django). Fixtures live next to this file; nothing is fetched.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talkback.newsroom.extract import ExtractedArticle, ExtractionError, clean_body, extract_file

FIXTURES = Path(__file__).parent / "fixtures"
# The shared seed sits beside the repository; the demo ships its own copy.
SHARED_SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seed" / "article.txt"
SEED_FIXTURE = Path(__file__).resolve().parents[2] / "core" / "demo" / "seed_article.txt"
# The seed article is captured twice, then followed by the site's comment block.
SEED_DISTINCT_PARAGRAPHS = 20
SEED_BOILERPLATE = (
    "Rudaw moderates all comments",
    "community guidelines",
    "We will not tolerate",
    "Post a comment",
    "approved or rejected",
)

STORY = [
    "The council approved the new budget on Tuesday after a five-hour debate.",
    "“We had to make hard choices,” the mayor said.",
    "Opposition members said the cuts to libraries went too far.",
]
POLICY_TAIL = [
    "Comments",
    "The Courier moderates all comments submitted on our website.",
    "To be approved for publication, your comments must meet our community guidelines.",
    "We will not tolerate abuse, threats or personal attacks.",
    "Post a comment",
]


def _only(articles: list[ExtractedArticle]) -> ExtractedArticle:
    assert len(articles) == 1
    return articles[0]


def _paragraphs(article: ExtractedArticle) -> list[str]:
    return article.body.split("\n\n")


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


# --- the seed article: scraped twice, with the site's comment block -------------------------


def _assert_seed_article(path: Path) -> None:
    article = _only(extract_file(path))
    paragraphs = _paragraphs(article)
    first_copy = path.read_text(encoding="utf-8").splitlines()[:SEED_DISTINCT_PARAGRAPHS]

    assert paragraphs == first_copy
    assert len(paragraphs) == len(set(paragraphs)) == SEED_DISTINCT_PARAGRAPHS
    assert article.body.count("Our jets hit two targets") == 1
    for boilerplate in SEED_BOILERPLATE:
        assert boilerplate not in article.body
    assert paragraphs[-1] != "Comments"
    assert paragraphs[-1].startswith("The coalition does not have confirmed figures")
    assert "The United Nations has put the number at around 10,000" in paragraphs[-1]
    assert 0 < len(article.title) <= 101
    assert "\n" not in article.title


def test_it_imports_the_seed_fixture_once_without_the_comment_block() -> None:
    _assert_seed_article(SEED_FIXTURE)


@pytest.mark.skipif(not SHARED_SEED.exists(), reason=f"shared seed {SHARED_SEED} is not here")
def test_it_imports_the_shared_seed_once_without_the_comment_block() -> None:
    _assert_seed_article(SHARED_SEED)


def test_it_derives_a_short_title_from_a_dateline_opening_sentence() -> None:
    article = _only(extract_file(SEED_FIXTURE))

    assert article.title.startswith("Iraq’s air force struck two ISIS targets")
    assert article.title.endswith("…")
    assert len(article.title) <= 101
    # The dateline paragraph the title came from stays the body's first paragraph.
    assert _paragraphs(article)[0].startswith("ERBIL, Kurdistan Region – Iraq’s air force")


# --- plain text ------------------------------------------------------------------------------


def test_it_takes_a_short_first_line_without_a_period_as_the_title(tmp_path: Path) -> None:
    text = "Council approves budget\n" + "\n".join(STORY) + "\n"
    article = _only(extract_file(_write(tmp_path, "story.txt", text.encode())))

    assert article.title == "Council approves budget"
    assert _paragraphs(article) == STORY
    assert (article.url, article.published, article.language, article.external_id) == (
        None,
        None,
        None,
        None,
    )


def test_it_joins_the_lines_of_hard_wrapped_paragraphs(tmp_path: Path) -> None:
    text = (
        "Ferry back on schedule\n\n"
        "The ferry returned to its normal timetable on\n"
        "Monday after three weeks of repairs.\n\n"
        "Passengers were offered free coffee on the\n"
        "first crossing.\n"
    )
    article = _only(extract_file(_write(tmp_path, "wrapped.txt", text.encode())))

    assert _paragraphs(article) == [
        "The ferry returned to its normal timetable on Monday after three weeks of repairs.",
        "Passengers were offered free coffee on the first crossing.",
    ]


def test_it_reads_utf16_text_with_a_byte_order_mark(tmp_path: Path) -> None:
    text = "Ferry back on schedule\nThe ferry returned to its normal timetable.\n"
    article = _only(extract_file(_write(tmp_path, "utf16.txt", text.encode("utf-16"))))

    assert article.title == "Ferry back on schedule"
    assert article.body == "The ferry returned to its normal timetable."


# --- HTML pages --------------------------------------------------------------------------------


def test_it_extracts_title_url_date_language_and_body_from_a_news_page() -> None:
    article = _only(extract_file(FIXTURES / "news_page.html"))

    assert article.title == "Harbour bridge reopens after storm repairs"
    assert article.url == "https://www.coastalcourier.example/news/2024/03/harbour-bridge-reopens"
    assert article.published == datetime(2024, 3, 15, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.published.utcoffset() is not None
    assert article.language == "en"
    assert article.external_id is None
    paragraphs = _paragraphs(article)
    assert paragraphs[0].startswith("The harbour bridge reopened to traffic on Friday morning")
    assert "Traffic diverted for weeks" in paragraphs
    assert paragraphs[-1].startswith("The repairs cost an estimated 2.4 million euros")
    assert len(paragraphs) == 7


def test_it_leaves_page_chrome_and_the_comment_section_out_of_the_body() -> None:
    body = _only(extract_file(FIXTURES / "news_page.html")).body

    for chrome in (
        "Harbour bridge reopens after storm repairs",  # the headline is the title, not body
        "Search the Courier",
        "Sport",
        "Transport correspondent",
        "Share this article",
        "Facebook",
        "moderates all comments",
        "community guidelines",
        "Post a comment",
        "Most read",
        "School roof to be replaced",
        "newsletter",
        "All rights reserved",
        "dataLayer",
    ):
        assert chrome not in body


def test_it_keeps_a_mid_story_paragraph_that_mentions_comments_in_a_page() -> None:
    body = _only(extract_file(FIXTURES / "news_page.html")).body

    assert "the mayor declined to make comments on any payments" in body


def test_it_derives_a_title_from_the_body_when_a_page_has_none(tmp_path: Path) -> None:
    html = (
        "<html><body><article><p>The harbour bridge reopened on Friday. Buses crossed first.</p>"
        "<p>Council engineers worked in shifts through the night.</p></article></body></html>"
    )
    article = _only(extract_file(_write(tmp_path, "untitled.html", html.encode())))

    assert article.title == "The harbour bridge reopened on Friday"


def test_it_does_not_take_a_copyright_year_for_a_publication_date(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Bridge reopens</title></head><body><article>"
        "<p>The harbour bridge reopened on Friday after three weeks of repairs.</p></article>"
        "<footer><p>&copy; 2023 The Coastal Courier. All rights reserved.</p></footer>"
        "</body></html>"
    )
    article = _only(extract_file(_write(tmp_path, "undated.html", html.encode())))

    assert article.published is None


def test_it_reads_a_date_without_time_as_midnight_utc(tmp_path: Path) -> None:
    html = (
        '<html><head><title>Bridge reopens</title><meta name="date" content="2024-03-15">'
        "</head><body><article><p>The harbour bridge reopened on Friday.</p></article>"
        "</body></html>"
    )
    article = _only(extract_file(_write(tmp_path, "dated.html", html.encode())))

    assert article.published == datetime(2024, 3, 15, tzinfo=UTC)


def test_it_decodes_a_page_in_the_charset_it_declares(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="windows-1252"><title>Café reopens</title></head><body>'
        "<article><p>The café on the quay reopened on Monday after a long winter.</p></article>"
        "</body></html>"
    )
    article = _only(extract_file(_write(tmp_path, "cp1252.html", html.encode("cp1252"))))

    assert article.title == "Café reopens"
    assert article.body == "The café on the quay reopened on Monday after a long winter."


# --- feeds -----------------------------------------------------------------------------------


def test_it_turns_each_rss_item_into_an_article() -> None:
    first, second = extract_file(FIXTURES / "feed_rss.xml")

    assert first.title == "Harbour bridge reopens after storm repairs"
    assert first.url == "https://www.coastalcourier.example/news/2024/03/harbour-bridge-reopens"
    assert first.external_id == "courier-article-48213"
    assert first.published == datetime(2024, 3, 15, 8, 30, tzinfo=UTC)
    assert first.language == "en"
    # content:encoded wins over the teaser; markup becomes paragraphs, a <br> a space.
    assert _paragraphs(first) == [
        "The harbour bridge reopened to traffic on Friday morning, three weeks after a winter "
        "storm tore away part of its eastern railing.",
        "Council engineers worked through the night to finish the final inspection. "
        "The first buses crossed shortly after six o'clock.",
        "Traffic diverted for weeks",
        "During the closure, drivers faced a detour of almost twenty kilometres.",
    ]
    assert second.external_id == "https://www.coastalcourier.example/news/2024/03/school-roof"
    assert second.url == "https://www.coastalcourier.example/news/2024/03/school-roof"
    assert second.published == datetime(2024, 3, 16, 6, 15, tzinfo=UTC)
    assert _paragraphs(second) == [
        "The leaking roof of the North Bay primary school will be replaced in July.",
        "Pupils will not lose any teaching days, the council said.",
    ]


def test_it_turns_each_atom_entry_into_an_article() -> None:
    first, second = extract_file(FIXTURES / "feed_atom.xml")

    assert first.title == "Fähre fährt wieder nach Plan"
    assert first.external_id == "tag:hafenbote.example,2024:artikel-1001"
    assert first.url == "https://www.hafenbote.example/2024/03/faehre-faehrt-wieder"
    # <published> wins over <updated>.
    assert first.published == datetime(2024, 3, 15, 17, 45, tzinfo=UTC)
    assert first.language == "de"
    assert _paragraphs(first) == [
        "Nach drei Wochen Ausfall fährt die Fähre wieder nach dem regulären Fahrplan.",
        "Die Reederei entschuldigte sich bei den Fahrgästen für die Verspätungen.",
    ]
    assert second.external_id == "tag:hafenbote.example,2024:artikel-1002"
    assert second.url == "https://www.hafenbote.example/2024/03/radweg-am-deich"
    # Without <published>, <updated> is the best date there is.
    assert second.published == datetime(2024, 3, 16, 7, 30, tzinfo=UTC)
    assert _paragraphs(second) == [
        "Der neue Radweg verbindet den Hafen mit dem Strandbad.",
        "Er ist vier Kilometer lang und beleuchtet.",
    ]


def test_it_honours_the_encoding_a_feed_declares(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>C</title>'
        "<item><title>Café reopens</title><guid>48213</guid>"
        "<description>The café on the quay reopened.</description></item></channel></rss>"
    )
    article = _only(extract_file(_write(tmp_path, "latin1.xml", feed.encode("latin-1"))))

    assert article.title == "Café reopens"
    assert article.body == "The café on the quay reopened."
    assert article.external_id == "48213"
    # feedparser offers a bare guid as the link; it is no URL.
    assert article.url is None


def test_it_drops_control_characters_from_feed_markup(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>'
        "<item><title>Bridge opens</title><guid>7</guid>"
        "<description>&lt;p&gt;The bridge&#x1; opened today.&lt;/p&gt;</description></item>"
        "</channel></rss>"
    )
    article = _only(extract_file(_write(tmp_path, "control.xml", feed.encode())))

    assert article.body == "The bridge opened today."


def test_it_detects_the_kind_from_content_not_the_file_extension(tmp_path: Path) -> None:
    feed_as_txt = tmp_path / "feed.txt"
    shutil.copy(FIXTURES / "feed_rss.xml", feed_as_txt)
    page_as_txt = tmp_path / "page.txt"
    shutil.copy(FIXTURES / "news_page.html", page_as_txt)
    text_as_html = _write(tmp_path, "story.html", ("Budget passes\n" + "\n".join(STORY)).encode())

    assert [a.external_id for a in extract_file(feed_as_txt)] == [
        "courier-article-48213",
        "https://www.coastalcourier.example/news/2024/03/school-roof",
    ]
    assert "Most read" not in _only(extract_file(page_as_txt)).body
    assert _only(extract_file(text_as_html)).title == "Budget passes"


# --- clean_body --------------------------------------------------------------------------------


def test_it_keeps_each_paragraph_once_across_quote_and_spacing_variants() -> None:
    repeated = [
        *STORY,
        STORY[0].replace(" ", "  "),
        '"We had to make hard choices," the mayor said.',
        STORY[2] + " ",
    ]

    assert clean_body(repeated) == STORY


def test_it_drops_a_repeated_block_in_the_middle_of_the_body() -> None:
    paragraphs = [STORY[0], STORY[1], STORY[0], STORY[1], STORY[2]]

    assert clean_body(paragraphs) == STORY


def test_it_collapses_whitespace_and_drops_empty_paragraphs() -> None:
    paragraphs = ["  The  council\u00a0met\n on Tuesday.\u200b ", "", " \n\t", "It voted."]

    assert clean_body(paragraphs) == ["The council met on Tuesday.", "It voted."]


def test_it_strips_the_comment_policy_block_and_footer_headings_from_the_tail() -> None:
    assert clean_body(STORY + POLICY_TAIL) == STORY
    assert clean_body(STORY + ["Share this article", "Related articles:", "Comments (12)"]) == STORY


def test_it_keeps_a_mid_story_paragraph_that_mentions_comments() -> None:
    paragraphs = [
        STORY[0],
        "The minister declined to make comments.",
        "Comments on the plan are open until May, the council said.",
        STORY[2],
    ]

    assert clean_body(paragraphs + POLICY_TAIL) == paragraphs


def test_it_keeps_a_final_story_paragraph_that_mentions_comments() -> None:
    paragraphs = [*STORY, "The minister declined to make comments."]

    assert clean_body(paragraphs) == paragraphs


def test_it_keeps_a_story_heading_that_is_followed_by_story_text() -> None:
    # "Comments" as a section heading is only cut when nothing but boilerplate follows it.
    paragraphs = [STORY[0], "Comments", "Readers wrote in to support the library."]

    assert clean_body(paragraphs) == paragraphs


_paragraph_text = st.lists(
    st.sampled_from([*"ab \n\u00a0“”’\"'.", "Comments", "Post a comment", "community guidelines"]),
    max_size=12,
).map("".join)


@given(st.lists(_paragraph_text, max_size=12))
def test_it_cleans_idempotently_into_distinct_trimmed_paragraphs(paragraphs: list[str]) -> None:
    cleaned = clean_body(paragraphs)

    assert clean_body(cleaned) == cleaned
    assert all(p and p == " ".join(p.split()) for p in cleaned)
    folded = [p.translate(str.maketrans("“”’", '""\'')) for p in cleaned]
    assert len(folded) == len(set(folded))


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\n", "empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("latin1.txt", b"caf\xe9 au lait on the quay", "not UTF-8"),
        ("controls.txt", b"abc\x01\x02\x03\x04\x05def", "binary"),
        ("blank.html", b"<html><head><title></title></head><body></body></html>", "no extractable"),
        (
            "menu.html",
            b"<html><head><title>Courier</title></head><body><nav><ul>"
            b"<li><a href='/'>Home</a></li><li><a href='/news/'>News</a></li>"
            b"</ul></nav></body></html>",
            "no extractable",
        ),
        ("headline.txt", b"Council approves budget\n", "no body"),
        ("boilerplate.txt", "\n".join(POLICY_TAIL).encode(), "only site boilerplate"),
        ("empty-feed.xml", b"<rss version='2.0'><channel><title>C</title></channel></rss>", "feed"),
    ],
)
def test_it_refuses_files_without_an_article_naming_the_file(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = _write(tmp_path, name, content)

    with pytest.raises(ExtractionError) as raised:
        extract_file(path)

    assert name in str(raised.value)
    assert reason in str(raised.value)
    assert isinstance(raised.value, ValueError)
