"""Turn a scraped article file (feed, HTML page or plain text) into clean `ExtractedArticle`s.

Pure Python on purpose: no Django import, so importers, management commands and tests can all
use it without settings. Nothing here touches the network: feeds and pages are parsed from the
bytes on disk, and relative links are left as they are.

This module decodes the file (`decoding`), sniffs its kind and hands it to `feeds`, `pages` or
`text`; those share `markup`, `cleanup` and `metadata`. `article` holds the result and error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final, Literal

from talkback.newsroom.extract.article import ExtractedArticle, ExtractionError
from talkback.newsroom.extract.cleanup import clean_body
from talkback.newsroom.extract.decoding import decode
from talkback.newsroom.extract.feeds import articles_from_feed
from talkback.newsroom.extract.pages import article_from_html
from talkback.newsroom.extract.text import article_from_text

__all__ = ["ExtractedArticle", "ExtractionError", "clean_body", "extract_file"]

Kind = Literal["feed", "html", "text"]

_FEED_ROOTS: Final = frozenset({"rss", "feed", "rdf"})
_PROLOG_RE: Final = re.compile(
    r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE
)
_ROOT_TAG_RE: Final = re.compile(r"<([A-Za-z][\w.:-]*)")


def extract_file(path: Path) -> list[ExtractedArticle]:
    """Read `path` and return its articles: one per feed entry, or exactly one for a page/text.

    The kind (feed, HTML, plain text) is sniffed from the content, never from the extension.
    The list is never empty: ExtractionError, naming the file, is raised for an empty, binary or
    undecodable file, a feed without usable entries, an HTML page without article text, and
    plain text without body text. Errors from reading the file itself (missing, unreadable)
    propagate unchanged.
    """
    raw = path.read_bytes()
    text = decode(raw, path)
    if not text.strip():
        raise ExtractionError(f"{path}: the file is empty")
    kind = _detect_kind(text)
    if kind == "feed":
        return articles_from_feed(raw, path)
    if kind == "html":
        return [article_from_html(text, path)]
    return [article_from_text(text, path)]


def _detect_kind(text: str) -> Kind:
    """Classify decoded file content by its first element: a feed root, other markup, or text."""
    prolog = _PROLOG_RE.match(text)
    root = _ROOT_TAG_RE.match(text, prolog.end() if prolog else 0)
    if root is None:
        return "text"
    name = root.group(1).lower().rsplit(":", 1)[-1]
    return "feed" if name in _FEED_ROOTS else "html"
