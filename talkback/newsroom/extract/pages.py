"""HTML pages: the main article and its metadata, extracted with trafilatura without comments."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import lxml.html
import trafilatura
from trafilatura.settings import Document

from talkback.newsroom.extract.article import ExtractedArticle, ExtractionError
from talkback.newsroom.extract.cleanup import clean_body, collapse_whitespace, paragraph_key
from talkback.newsroom.extract.markup import element_paragraphs
from talkback.newsroom.extract.metadata import primary_language, web_url
from talkback.newsroom.extract.text import derive_title

# A body paragraph this many words long counts as prose even without final punctuation.
PROSE_MIN_WORDS: Final = 6
_TERMINAL_PUNCTUATION: Final = (".", "!", "?", "…", '"', "”", "’", "'", ")")


def article_from_html(text: str, path: Path) -> ExtractedArticle:
    """Extract the main article of an HTML page with trafilatura, without its comments."""
    tree = trafilatura.load_html(text)
    if tree is None:
        raise ExtractionError(f"{path}: HTML could not be parsed")
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        # extensive_search would take "© 2024" in a footer for a publication date.
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        },
    )
    # Without as_dict=True (deprecated) trafilatura returns a Document or None, never a dict.
    if not isinstance(document, Document) or document.body is None:
        raise ExtractionError(f"{path}: HTML page has no extractable article text")
    paragraphs = clean_body(element_paragraphs(document.body))
    # trafilatura keeps the <h1> headline as the body's first line; it is already the title.
    if (
        paragraphs
        and document.title
        and paragraph_key(paragraphs[0]) == paragraph_key(document.title)
    ):
        paragraphs = paragraphs[1:]
    if not any(_looks_like_prose(p) for p in paragraphs):
        # Pages with no article make trafilatura's fallbacks return menu labels ("Home News").
        raise ExtractionError(f"{path}: HTML page has no extractable article text")
    return ExtractedArticle(
        title=collapse_whitespace(document.title or "") or derive_title(paragraphs[0]),
        body="\n\n".join(paragraphs),
        url=web_url(document.url),
        published=_parse_datetime(document.date),
        language=primary_language(document.language or _page_language(tree)),
        external_id=None,
    )


def _page_language(tree: lxml.html.HtmlElement) -> str | None:
    """The language the page declares: <html lang>, Content-Language, or og:locale."""
    declared = tree.xpath(
        "(/html/@lang | /html/@xml:lang"
        " | //meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')"
        "='content-language']/@content"
        " | //meta[@property='og:locale']/@content)[1]",
        namespaces={"xml": "http://www.w3.org/XML/1998/namespace"},
    )
    return str(declared[0]) if declared else None


def _parse_datetime(value: str | None) -> datetime | None:
    """Parse an ISO 8601 date(time); values without a zone are taken as UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _looks_like_prose(paragraph: str) -> bool:
    """True for sentence-like text, false for menu labels and bare headings."""
    return paragraph.endswith(_TERMINAL_PUNCTUATION) or len(paragraph.split()) >= PROSE_MIN_WORDS
