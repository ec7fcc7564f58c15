"""Highlighting offending words never lets user text through unescaped, nor loses any of it."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from talkback.comments.templatetags.comment_text import highlight

TAG = re.compile(r"</?mark[^>]*>")


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text) + 3))
        spans.append(
            {"start": start, "end": end, "code": draw(st.sampled_from(["profanity", "vulgarity"]))}
        )
    return text, spans


@given(text_and_spans())
def test_it_keeps_every_character_and_escapes_all_markup(case):
    text, spans = case

    rendered = str(highlight(text, spans))

    assert html.unescape(TAG.sub("", rendered)) == text
    assert "<" not in TAG.sub("", rendered)


def test_it_marks_spans_and_merges_overlaps():
    text = "you <b>shit</b> head"

    rendered = str(
        highlight(
            text,
            [
                {"start": 7, "end": 11, "code": "profanity"},
                {"start": 9, "end": 15, "code": "vulgarity"},
            ],
        )
    )

    assert rendered == (
        'you &lt;b&gt;<mark class="offending offending--profanity offending--vulgarity" '
        'title="Profanity, Vulgarity">shit&lt;/b&gt;</mark> head'
    )
