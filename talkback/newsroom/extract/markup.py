"""Split HTML fragments and trafilatura's XML body into paragraph texts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

import lxml.html

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
BLANK_LINE_RE: Final = re.compile(r"\n[^\S\n]*\n")
# Control characters other than tab and newlines: lxml refuses them, and they show nothing.
_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def markup_paragraphs(markup: str) -> list[str]:
    """Split an HTML fragment into paragraph texts (block elements and <br><br> separate)."""
    if not markup.strip():
        return []
    cleaned = _CONTROL_RE.sub("", markup)
    return element_paragraphs(lxml.html.fragment_fromstring(cleaned, create_parent="div"))


def element_paragraphs(root: Any) -> list[str]:
    """Paragraph texts of an lxml element tree (HTML or trafilatura's XML body)."""
    return [p for p in BLANK_LINE_RE.split("".join(_flatten(root))) if p.strip()]


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
