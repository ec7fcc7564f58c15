"""Render a comment's text with its offending spans highlighted, escaping everything else."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from talkback.core import labels

register = template.Library()


@register.filter
def highlight(text: str, spans: list[dict[str, Any]] | None) -> SafeString:
    """Return escaped `text` with each span wrapped in <mark>; overlapping spans merge."""
    pieces: list[str] = []
    cursor = 0
    for start, end, codes in _merged(spans or [], len(text)):
        label = ", ".join(labels.label(code) for code in codes)
        classes = " ".join(f"offending--{code}" for code in codes)
        pieces.append(escape(text[cursor:start]))
        pieces.append(
            f'<mark class="offending {classes}" title="{escape(label)}">'
            f"{escape(text[start:end])}</mark>"
        )
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))


def _merged(spans: list[dict[str, Any]], length: int) -> list[tuple[int, int, list[str]]]:
    merged: list[tuple[int, int, list[str]]] = []
    valid = (s for s in spans if 0 <= s["start"] < s["end"] <= length)
    for span in sorted(valid, key=lambda s: (s["start"], s["end"])):
        if merged and span["start"] < merged[-1][1]:
            start, end, codes = merged[-1]
            merged[-1] = (start, max(end, span["end"]), sorted({*codes, span["code"]}))
        else:
            merged.append((span["start"], span["end"], [span["code"]]))
    return merged


@register.filter
def reason_label(code: str) -> str:
    """The human label of a reason code (a report's "other" included), translated."""
    return labels.label(code)


@register.filter
def reason_explanation(code: str) -> str:
    """The sentence a statement of reasons quotes for a reason code, translated."""
    return labels.explanation(code)
