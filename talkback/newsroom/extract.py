"""Turn a scraped article file (feed, HTML page or plain text) into clean `ExtractedArticle`s.

Pure Python on purpose: no Django import, so importers, management commands and tests can all
use it without settings. Nothing here touches the network: feeds and pages are parsed from the
bytes on disk, and relative links are left as they are.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from time import struct_time
from typing import Any, Final, Literal
from urllib.parse import urlsplit

import feedparser
import lxml.html
import trafilatura
from feedparser import FeedParserDict
from trafilatura.settings import Document

Kind = Literal["feed", "html", "text"]

# A derived title is cut at a word boundary at about this length and marked with "…".
TITLE_MAX_CHARS: Final = 100
# A plain-text first line is taken as the title only below this length (and without a final
# period); longer or period-terminated lines are the article's opening paragraph.
TITLE_LINE_MAX_CHARS: Final = 200
# Plain text whose lines are all at most this long, with blank lines between blocks, is treated
# as hard-wrapped: the lines of a block are one paragraph. Otherwise every line is a paragraph.
WRAPPED_LINE_MAX_CHARS: Final = 100
# A body paragraph this many words long counts as prose even without final punctuation.
PROSE_MIN_WORDS: Final = 6
# Footer headings ("Comments", "Share this article") are short; longer lines are story text.
FOOTER_HEADING_MAX_CHARS: Final = 60
# Share of control characters above which decodable bytes are still judged binary.
CONTROL_CHAR_MAX_SHARE: Final = 0.01

_FEED_ROOTS: Final = frozenset({"rss", "feed", "rdf"})
# Elements whose content starts and ends a paragraph: HTML's, plus trafilatura's XML body
# vocabulary (head, item, quote, row, cell, code).
_BLOCK_TAGS: Final = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "cell", "code", "dd", "div",
        "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "head",
        "header", "hr", "item", "li", "list", "main", "ol", "p", "pre", "quote", "row",
        "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_LINE_BREAK_TAGS: Final = frozenset({"br", "lb"})
_SKIPPED_TAGS: Final = frozenset({"script", "style", "noscript", "template"})

_PROLOG_RE: Final = re.compile(
    r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE
)
_ROOT_TAG_RE: Final = re.compile(r"<([A-Za-z][\w.:-]*)")
_DECLARED_CHARSET_RE: Final = re.compile(rb"""(?:encoding|charset)\s*=\s*["']?([A-Za-z0-9._:-]+)""")
_BLANK_LINE_RE: Final = re.compile(r"\n[^\S\n]*\n")
# Scrapers leave zero-width spaces and BOMs inside text. ZWNJ/ZWJ are deliberately kept: they
# are spelling in Persian and Kurdish (Sorani) text.
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
_QUOTE_FOLD: Final = str.maketrans({c: "'" for c in "‘’‚‛′`"} | {c: '"' for c in "“”„‟″«»"})

# "ERBIL, Kurdistan Region – ", "LONDON (Reuters) - ": an all-caps place, an optional region
# or agency, then a dash. Stripped only when deriving a title from the opening sentence.
_DATELINE_RE: Final = re.compile(
    r"\A[A-Z][A-Z.'’ ]{2,40}(?:,[^–—\-\n]{1,40}?)?(?:\s*\([^)\n]{1,30}\))?\s*[–—-]{1,2}\s+"
)
_ABBREVIATIONS: Final = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "col", "gen", "maj", "capt", "lt", "sgt", "gov",
     "sen", "rep", "jr", "sr", "no", "vs", "inc", "ltd", "co", "corp", "u.s", "u.k", "u.n"}
)  # fmt: skip
_SENTENCE_END_RE: Final = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_TERMINAL_PUNCTUATION: Final = (".", "!", "?", "…", '"', "”", "’", "'", ")")

_FOOTER_HEADING_RE: Final = re.compile(
    r"""
    (?:\d+\s+)?comments?(?:\s*\(\d+\))?
    | (?:post|leave|add|write|submit|show|view|load|read)\s+(?:a\s+|your\s+|all\s+|the\s+)?comments?
    | (?:join|start)\s+the\s+(?:conversation|discussion|debate)
    | be\s+the\s+first\s+to\s+comment
    | share(?:\s+this(?:\s+(?:article|story|post|page))?|\s+on\s+\w+)?
    | related(?:\s+(?:articles?|stories|news|content|posts|coverage|topics))?
    | (?:read|see)\s+(?:more|also)
    | more\s+(?:from|on|in|stories|news)\b.*
    | most\s+(?:read|popular|viewed|shared)
    | you\s+(?:may|might)\s+also\s+like
    | recommended(?:\s+for\s+you)?
    | tags?|topics?
    """,
    re.VERBOSE,
)
_POLICY_CUE_RE: Final = re.compile(
    r"""
    \bmoderates?\s+all\s+comments\b
    | \b(?:all\s+)?comments\s+(?:are|will\s+be)\s+(?:pre-?)?(?:moderated|reviewed)\b
    | \bcommunity\s+(?:guidelines|standards|rules)\b
    | \bwill\s+not\s+tolerate\b
    | \bapproved\s+or\s+rejected\b
    | \bapproved\s+for\s+publication\b
    | \bconstructive\s+criticism\b
    | \bcomments?\s+(?:policy|guidelines)\b
    | \bcommenting\s+(?:policy|guidelines|rules)\b
    | \bcomments\s+are\s+(?:closed|not\s+edited|disabled)\b
    | \bhouse\s+rules\b
    | \breserve\s+the\s+right\s+to\s+(?:remove|delete|edit|reject)\b
    | \byour\s+(?:comment|email\s+address)\s+will\b
    """,
    re.VERBOSE,
)


class ExtractionError(ValueError):
    """A file cannot be turned into an article; the message names the file and the reason."""


@dataclass(frozen=True)
class ExtractedArticle:
    """One article as found in a file.

    - `title`: non-empty, single line.
    - `body`: cleaned paragraphs joined by a blank line ("\\n\\n"); may be empty only for feed
      entries, which often carry just a title and a link.
    - `url`: the canonical / og:url of a page or the link of a feed entry, when present.
    - `published`: timezone-aware; a date given without a time or zone is read as midnight UTC.
    - `language`: lower-case primary language subtag ("en" for "en-GB"), when declared.
    - `external_id`: the feed entry's id/guid; None for pages and plain text.
    """

    title: str
    body: str
    url: str | None
    published: datetime | None
    language: str | None
    external_id: str | None


def extract_file(path: Path) -> list[ExtractedArticle]:
    """Read `path` and return its articles: one per feed entry, or exactly one for a page/text.

    The kind (feed, HTML, plain text) is sniffed from the content, never from the extension.
    The list is never empty: ExtractionError, naming the file, is raised for an empty, binary or
    undecodable file, a feed without usable entries, an HTML page without article text, and
    plain text without body text. Errors from reading the file itself (missing, unreadable)
    propagate unchanged.
    """
    raw = path.read_bytes()
    text = _decode(raw, path)
    if not text.strip():
        raise ExtractionError(f"{path}: the file is empty")
    kind = _detect_kind(text)
    if kind == "feed":
        return _articles_from_feed(raw, path)
    if kind == "html":
        return [_article_from_html(text, path)]
    return [_article_from_text(text, path)]


def _detect_kind(text: str) -> Kind:
    """Classify decoded file content by its first element: a feed root, other markup, or text."""
    prolog = _PROLOG_RE.match(text)
    root = _ROOT_TAG_RE.match(text, prolog.end() if prolog else 0)
    if root is None:
        return "text"
    name = root.group(1).lower().rsplit(":", 1)[-1]
    return "feed" if name in _FEED_ROOTS else "html"


def clean_body(paragraphs: list[str]) -> list[str]:
    """Return `paragraphs` with scraper debris removed, in their original order.

    1. Whitespace inside each paragraph is collapsed to single spaces; empty paragraphs go.
    2. Every repeat is dropped, keeping the first appearance (in its original spelling).
       Paragraphs are compared after folding curly/straight quotes and Unicode compatibility
       forms, so a body captured twice, or a repeated block, survives once. This also drops
       short lines a story legitimately repeats (a recurring "Analysis" subheading): rare in
       news, and far cheaper than a doubled article.
    3. A trailing run made only of footer headings ("Comments", "Post a comment", "Share this",
       "Related articles") and comment-policy paragraphs is cut. Only the tail is examined, so
       a story line that mentions comments or guidelines mid-article is never touched.

    Idempotent: cleaning a cleaned body changes nothing.
    """
    collapsed = [_collapse_whitespace(paragraph) for paragraph in paragraphs]
    return _strip_trailing_boilerplate(_drop_repeats([p for p in collapsed if p]))


# --- decoding ------------------------------------------------------------------------------


def _decode(raw: bytes, path: Path) -> str:
    """Decode file bytes as text, refusing binary data.

    UTF-8 (with or without BOM) and BOM-marked UTF-16 are accepted; other bytes are decoded
    only with the charset the document itself declares (XML declaration or <meta charset>),
    as older news feeds are often ISO-8859-1 or windows-1252.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_with(raw, "utf-16", path)
    elif b"\x00" in raw:
        raise ExtractionError(f"{path}: binary file (contains NUL bytes), not an article")
    else:
        text = _decode_utf8_or_declared(raw, path)
    if _looks_binary(text):
        raise ExtractionError(f"{path}: binary file (control characters), not an article")
    return text


def _decode_utf8_or_declared(raw: bytes, path: Path) -> str:
    """UTF-8, else the charset the document declares near its start; we never guess one."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = _DECLARED_CHARSET_RE.search(raw[:2048])
    if declared is None:
        raise ExtractionError(f"{path}: not UTF-8 text and no other encoding is declared")
    return _decode_with(raw, declared.group(1).decode("ascii"), path)


def _decode_with(raw: bytes, encoding: str, path: Path) -> str:
    """Decode strictly with `encoding`, turning any failure into an ExtractionError."""
    try:
        return raw.decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        raise ExtractionError(f"{path}: cannot be decoded as {encoding} text ({error})") from error


def _looks_binary(text: str) -> bool:
    """True when control characters (other than whitespace) are more than a stray few."""
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and not c.isspace())
    return controls > CONTROL_CHAR_MAX_SHARE * len(text)


# --- feeds ---------------------------------------------------------------------------------


def _articles_from_feed(raw: bytes, path: Path) -> list[ExtractedArticle]:
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
    title = _entry_title(entry) or (_derive_title(paragraphs[0]) if paragraphs else "")
    if not title:
        return None
    language = (content or {}).get("language") or entry.get("language") or feed_language
    return ExtractedArticle(
        title=title,
        body="\n\n".join(paragraphs),
        url=_web_url(entry.get("link")),
        published=_struct_time_to_utc(entry.get("published_parsed") or entry.get("updated_parsed")),
        language=_primary_language(language),
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
    return " ".join(_collapse_whitespace(p) for p in _detail_paragraphs(detail)).strip()


def _detail_paragraphs(detail: FeedParserDict) -> list[str]:
    """Paragraphs of a feedparser text construct, reading HTML types as markup."""
    if "html" in (detail.get("type") or ""):
        return _markup_paragraphs(detail["value"])
    return _text_paragraphs(detail["value"])


def _struct_time_to_utc(value: struct_time | None) -> datetime | None:
    """feedparser normalises dates to UTC struct_times; make them aware datetimes."""
    return datetime(*value[:6], tzinfo=UTC) if value else None


# --- HTML pages ----------------------------------------------------------------------------


def _article_from_html(text: str, path: Path) -> ExtractedArticle:
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
    paragraphs = clean_body(_element_paragraphs(document.body))
    # trafilatura keeps the <h1> headline as the body's first line; it is already the title.
    if paragraphs and document.title and _key(paragraphs[0]) == _key(document.title):
        paragraphs = paragraphs[1:]
    if not any(_looks_like_prose(p) for p in paragraphs):
        # Pages with no article make trafilatura's fallbacks return menu labels ("Home News").
        raise ExtractionError(f"{path}: HTML page has no extractable article text")
    return ExtractedArticle(
        title=_collapse_whitespace(document.title or "") or _derive_title(paragraphs[0]),
        body="\n\n".join(paragraphs),
        url=_web_url(document.url),
        published=_parse_datetime(document.date),
        language=_primary_language(document.language or _page_language(tree)),
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


# --- markup to paragraphs ------------------------------------------------------------------


def _markup_paragraphs(markup: str) -> list[str]:
    """Split an HTML fragment into paragraph texts (block elements and <br><br> separate)."""
    if not markup.strip():
        return []
    return _element_paragraphs(lxml.html.fragment_fromstring(markup, create_parent="div"))


def _element_paragraphs(root: Any) -> list[str]:
    """Paragraph texts of an lxml element tree (HTML or trafilatura's XML body)."""
    return [p for p in _BLANK_LINE_RE.split("".join(_flatten(root))) if p.strip()]


def _flatten(element: Any) -> Iterator[str]:
    """Yield the text under `element`, with blank lines around blocks and a newline per <br>.

    Comments, processing instructions and script/style contents contribute nothing; the tail
    text that follows any of them still belongs to the parent.
    """
    tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else None
    if tag is not None and tag not in _SKIPPED_TAGS:
        boundary = "\n\n" if tag in _BLOCK_TAGS else ""
        yield boundary + ("\n" if tag in _LINE_BREAK_TAGS else "") + (element.text or "")
        for child in element:
            yield from _flatten(child)
        yield boundary
    yield element.tail or ""


# --- plain text ----------------------------------------------------------------------------


def _article_from_text(text: str, path: Path) -> ExtractedArticle:
    """Plain text: a short first line without a final period is the title, else it is derived."""
    paragraphs = clean_body(_text_paragraphs(text))
    if not paragraphs:
        raise ExtractionError(f"{path}: plain text holds only site boilerplate, no article")
    if _is_title_line(paragraphs[0]):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    else:
        title = _derive_title(paragraphs[0])
    if not paragraphs:
        raise ExtractionError(f"{path}: plain text has a title ({title!r}) but no body text")
    return ExtractedArticle(
        title=title,
        body="\n\n".join(paragraphs),
        url=None,
        published=None,
        language=None,
        external_id=None,
    )


def _text_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs.

    Scraped text usually holds one paragraph per line; text hard-wrapped at a fixed width
    (every line short, blank lines between paragraphs) has one paragraph per blank-line block.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    hard_wrapped = _BLANK_LINE_RE.search(text) is not None and all(
        len(line.strip()) <= WRAPPED_LINE_MAX_CHARS for line in lines
    )
    if hard_wrapped:
        return [" ".join(block.split()) for block in _BLANK_LINE_RE.split(text) if block.strip()]
    return [line.strip() for line in lines if line.strip()]


def _is_title_line(line: str) -> bool:
    """A first line reads as a headline when it is short and does not end like a sentence."""
    return len(line) < TITLE_LINE_MAX_CHARS and not line.endswith(".")


def _derive_title(paragraph: str) -> str:
    """A short title from an opening paragraph: its first sentence, minus any dateline.

    Cut at a word boundary near TITLE_MAX_CHARS and marked with "…" when shortened.
    """
    sentence = _first_sentence(paragraph)
    sentence = _DATELINE_RE.sub("", sentence, count=1) or sentence
    # A sentence of dots stays as it is: the title must not be empty.
    sentence = sentence.rstrip(" .") or sentence
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    cut = sentence[: TITLE_MAX_CHARS + 1].rsplit(" ", 1)[0][:TITLE_MAX_CHARS]
    return cut.rstrip(" ,;:–—-") + "…"


def _first_sentence(paragraph: str) -> str:
    """Text up to the first sentence end that is not an abbreviation ("Col.", "U.S.")."""
    for end in _SENTENCE_END_RE.finditer(paragraph):
        word = paragraph[: end.start()].rsplit(" ", 1)[-1].lower()
        if end.group().startswith(".") and (word in _ABBREVIATIONS or len(word) == 1):
            continue
        return paragraph[: end.end()]
    return paragraph


# --- body cleaning -------------------------------------------------------------------------


def _collapse_whitespace(paragraph: str) -> str:
    """Single spaces between words, none at the ends, no zero-width debris."""
    return " ".join(paragraph.translate(_INVISIBLE).split())


def _key(paragraph: str) -> str:
    """Comparison form of a paragraph: compatibility-normalised, quotes folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", paragraph).translate(_QUOTE_FOLD).split())


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    """Keep only the first paragraph of each comparison key, in order."""
    seen: set[str] = set()
    unique: list[str] = []
    for paragraph in paragraphs:
        key = _key(paragraph)
        if key not in seen:
            seen.add(key)
            unique.append(paragraph)
    return unique


def _strip_trailing_boilerplate(paragraphs: list[str]) -> list[str]:
    """Cut the trailing run of footer headings and comment-policy paragraphs."""
    end = len(paragraphs)
    while end > 0 and _is_site_boilerplate(paragraphs[end - 1]):
        end -= 1
    return paragraphs[:end]


def _is_site_boilerplate(paragraph: str) -> bool:
    """A footer heading ("Comments (12)", "Share this") or a comment-policy paragraph."""
    folded = _key(paragraph).lower()
    heading = folded.rstrip(" :.!»›>")
    is_heading = len(heading) <= FOOTER_HEADING_MAX_CHARS and _FOOTER_HEADING_RE.fullmatch(heading)
    return bool(is_heading) or _POLICY_CUE_RE.search(folded) is not None


def _web_url(value: str | None) -> str | None:
    """`value` if it is an absolute http(s) URL, else None.

    feedparser turns an RSS <guid> into the link when no <link> is given, even a bare "48213",
    and pages may declare a relative canonical URL; neither locates the article.
    """
    parts = urlsplit(value or "")
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def _primary_language(tag: str | None) -> str | None:
    """The lower-case primary subtag of a language tag: en-GB and en_gb give en."""
    primary = re.split(r"[-_]", (tag or "").strip(), maxsplit=1)[0].lower()
    return primary or None
