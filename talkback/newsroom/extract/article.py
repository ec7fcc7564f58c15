"""What extraction produces: an `ExtractedArticle`, or an `ExtractionError` naming the file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
