"""Normalise article metadata: absolute web URLs only, language tags cut to their primary subtag."""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def web_url(value: str | None) -> str | None:
    """`value` if it is an absolute http(s) URL, else None.

    feedparser turns an RSS <guid> into the link when no <link> is given, even a bare "48213",
    and pages may declare a relative canonical URL; neither locates the article.
    """
    parts = urlsplit(value or "")
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def primary_language(tag: str | None) -> str | None:
    """The lower-case primary subtag of a language tag: en-GB and en_gb give en."""
    primary = re.split(r"[-_]", (tag or "").strip(), maxsplit=1)[0].lower()
    return primary or None
