"""Clean scraped body paragraphs: collapse whitespace, drop repeats, cut a trailing site footer."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Footer headings ("Comments", "Share this article") are short; longer lines are story text.
FOOTER_HEADING_MAX_CHARS: Final = 60
# Scrapers leave zero-width spaces and BOMs inside text. ZWNJ/ZWJ are deliberately kept: they
# are spelling in Persian and Kurdish (Sorani) text.
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
_QUOTE_FOLD: Final = str.maketrans({c: "'" for c in "‘’‚‛′`"} | {c: '"' for c in "“”„‟″«»"})

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
    collapsed = [collapse_whitespace(paragraph) for paragraph in paragraphs]
    return _strip_trailing_boilerplate(_drop_repeats([p for p in collapsed if p]))


def collapse_whitespace(paragraph: str) -> str:
    """Single spaces between words, none at the ends, no zero-width debris."""
    return " ".join(paragraph.translate(_INVISIBLE).split())


def paragraph_key(paragraph: str) -> str:
    """Comparison form of a paragraph: compatibility-normalised, quotes folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", paragraph).translate(_QUOTE_FOLD).split())


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    """Keep only the first paragraph of each comparison key, in order."""
    seen: set[str] = set()
    unique: list[str] = []
    for paragraph in paragraphs:
        key = paragraph_key(paragraph)
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
    folded = paragraph_key(paragraph).lower()
    heading = folded.rstrip(" :.!»›>")
    is_heading = len(heading) <= FOOTER_HEADING_MAX_CHARS and _FOOTER_HEADING_RE.fullmatch(heading)
    return bool(is_heading) or _POLICY_CUE_RE.search(folded) is not None
