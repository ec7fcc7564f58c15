from __future__ import annotations

import pytest

from talkback.moderation.text import text_problem


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("  \n\t ", "empty"),
        ("\u200b\u200d\ufeff", "empty"),
        ("\u3000\u00a0", "empty"),
        ("nul \x00 byte", "binary"),
        ("half a pair \ud800", "not_unicode"),
        ("A fine comment.", None),
        ("ئەمە هەواڵێکی گرنگە", None),
        ("👍", None),
    ],
)
def test_it_says_why_a_text_cannot_be_a_comment(text, problem):
    assert text_problem(text) == problem
