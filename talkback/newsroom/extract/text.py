"""Plain-text articles: paragraphs from scraped or hard-wrapped text; titles from opening lines."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from talkback.newsroom.extract.article import ExtractedArticle, ExtractionError
from talkback.newsroom.extract.cleanup import clean_body
from talkback.newsroom.extract.markup import BLANK_LINE_RE

# A derived title is cut at a word boundary at about this length and marked with "…".
TITLE_MAX_CHARS: Final = 100
# A plain-text first line is taken as the title only below this length (and without a final
# period); longer or period-terminated lines are the article's opening paragraph.
TITLE_LINE_MAX_CHARS: Final = 200
# Plain text whose lines are all at most this long, with blank lines between blocks, is treated
# as hard-wrapped: the lines of a block are one paragraph. Otherwise every line is a paragraph.
WRAPPED_LINE_MAX_CHARS: Final = 100

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


def article_from_text(text: str, path: Path) -> ExtractedArticle:
    """Plain text: a short first line without a final period is the title, else it is derived."""
    paragraphs = clean_body(text_paragraphs(text))
    if not paragraphs:
        raise ExtractionError(f"{path}: plain text holds only site boilerplate, no article")
    if _is_title_line(paragraphs[0]):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    else:
        title = derive_title(paragraphs[0])
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


def text_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs.

    Scraped text usually holds one paragraph per line; text hard-wrapped at a fixed width
    (every line short, blank lines between paragraphs) has one paragraph per blank-line block.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    hard_wrapped = BLANK_LINE_RE.search(text) is not None and all(
        len(line.strip()) <= WRAPPED_LINE_MAX_CHARS for line in lines
    )
    if hard_wrapped:
        return [" ".join(block.split()) for block in BLANK_LINE_RE.split(text) if block.strip()]
    return [line.strip() for line in lines if line.strip()]


def _is_title_line(line: str) -> bool:
    """A first line reads as a headline when it is short and does not end like a sentence."""
    return len(line) < TITLE_LINE_MAX_CHARS and not line.endswith(".")


def derive_title(paragraph: str) -> str:
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
