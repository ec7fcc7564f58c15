"""RSS, Atom and RDF feeds: one article per entry, parsed by feedparser from the bytes on disk."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from time import struct_time

import feedparser
from feedparser import FeedParserDict

from talkback.newsroom.extract.article import ExtractedArticle, ExtractionError
from talkback.newsroom.extract.cleanup import clean_body, collapse_whitespace
from talkback.newsroom.extract.markup import markup_paragraphs
from talkback.newsroom.extract.metadata import primary_language, web_url
from talkback.newsroom.extract.text import derive_title, text_paragraphs


def articles_from_feed(raw: bytes, path: Path) -> list[ExtractedArticle]:
    """One article per feed entry; entries with neither title nor body text are skipped."""
    # The raw bytes, so feedparser honours the encoding the XML declares; and as a stream,
    # because feedparser.parse fetches or opens a string that looks like a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(raw))
    feed_language = parsed.feed.get("language")
    entries = (_article_from_entry(entry, feed_language) for entry in parsed.entries)
    articles = [article for article in entries if article is not None]
    if not articles:
        raise ExtractionError(f"{path}: feed has no entry with a title or text")
    return articles


def _article_from_entry(
    entry: FeedParserDict, feed_language: str | None
) -> ExtractedArticle | None:
    """Build the article for one feedparser entry, or None when it has no text at all."""
    content = _entry_content(entry)
    paragraphs = clean_body(_detail_paragraphs(content)) if content else []
    title = _entry_title(entry) or (derive_title(paragraphs[0]) if paragraphs else "")
    if not title:
        return None
    language = (content or {}).get("language") or entry.get("language") or feed_language
    return ExtractedArticle(
        title=title,
        body="\n\n".join(paragraphs),
        url=web_url(entry.get("link")),
        published=_struct_time_to_utc(entry.get("published_parsed") or entry.get("updated_parsed")),
        language=primary_language(language),
        external_id=entry.get("id") or None,
    )


def _entry_content(entry: FeedParserDict) -> FeedParserDict | None:
    """The entry's fullest text: its content (Atom content, content:encoded), else its summary."""
    contents = [c for c in entry.get("content") or [] if c.get("value", "").strip()]
    if contents:
        return max(contents, key=lambda c: len(c["value"]))
    summary = entry.get("summary_detail")
    return summary if summary and summary.get("value", "").strip() else None


def _entry_title(entry: FeedParserDict) -> str:
    """The entry title as one line of plain text (Atom titles may carry HTML)."""
    detail = entry.get("title_detail")
    if detail is None:
        return ""
    return " ".join(collapse_whitespace(p) for p in _detail_paragraphs(detail)).strip()


def _detail_paragraphs(detail: FeedParserDict) -> list[str]:
    """Paragraphs of a feedparser text construct, reading HTML types as markup."""
    if "html" in (detail.get("type") or ""):
        return markup_paragraphs(detail["value"])
    return text_paragraphs(detail["value"])


def _struct_time_to_utc(value: struct_time | None) -> datetime | None:
    """feedparser normalises dates to UTC struct_times; make them aware datetimes."""
    return datetime(*value[:6], tzinfo=UTC) if value else None
