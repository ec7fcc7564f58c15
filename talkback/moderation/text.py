"""What makes a string a comment Talkback can store and judge as written."""

from __future__ import annotations

import unicodedata

#: What each problem means, to finish a sentence that starts with the text's name.
PROBLEM_DESCRIPTIONS = {
    "empty": "is empty",
    "binary": "contains NUL characters",
    "not_unicode": "is not valid Unicode text (it holds a lone surrogate)",
}

#: Characters that show nothing: a comment made only of these (and spaces) is empty.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def text_problem(text: str) -> str | None:
    """Return why `text` cannot be stored as a comment, or None if it can.

    - "empty": nothing visible (whitespace, zero-width or other format characters only);
    - "binary": NUL characters;
    - "not_unicode": lone surrogates, which no UTF-8 text can hold.
    """
    if "\x00" in text:
        return "binary"
    if not is_encodable(text):
        return "not_unicode"
    if all(unicodedata.category(char) in _INVISIBLE_CATEGORIES for char in text):
        return "empty"
    return None


def is_encodable(text: str) -> bool:
    """Tell whether `text` can be written as UTF-8 (JSON and HTTP accept \\ud800; UTF-8 cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
