"""Text preparation shared by training and serving, so both see exactly the same input.

`prepare` folds obfuscation through the normaliser and replaces links and @handles with
placeholders: tweets in the training sets carry `URL` and `@USER` tokens, news comments carry real
ones, and neither the address nor the name says whether a comment is abusive (promotion reads the
placeholder, which keeps the signal that a link is there).

`windows` cuts a long comment into sentences the models read one by one, so a 100 KB comment is
judged on all of it, not on its first few hundred words.
"""

from __future__ import annotations

import re
from typing import Final

from talkback.moderation.normalise import normalise

_LINK: Final = re.compile(r"\bhttps?://\S+|\bwww\.\S+|\bURL\b", re.IGNORECASE)
_HANDLE: Final = re.compile(r"(?<!\w)@\w+")

#: Words per window: the sentence encoder reads at most 128 word pieces, about 90 words.
WINDOW_WORDS: Final = 80

#: A short quotation: a few words between quotation marks, not an apostrophe inside a word.
_QUOTATION: Final = re.compile(
    r"""(?<!\w)(?:"[^"\n]{1,80}"|'[^'\n]{1,80}'(?!\w)|“[^”\n]{1,80}”|‘[^’\n]{1,80}’|«[^»\n]{1,80}»)"""
)
#: Up to this many words, a quotation names what is discussed rather than saying it.
QUOTED_WORDS: Final = 8

_SENTENCE_END: Final = re.compile(r"(?<=[.!?…。؟])\s+|\n+")


def prepare(text: str) -> str:
    folded = normalise(text).text
    folded = _LINK.sub(" httpurl ", folded)
    folded = _HANDLE.sub("@user", folded)
    return " ".join(folded.split())


def windows(text: str) -> list[str]:
    """The prepared parts of `text` that the models read, in order.

    A comment of up to WINDOW_WORDS words is read whole. A longer one is read sentence by
    sentence (a sentence longer than that in pieces): one insult among a hundred harmless
    sentences must not be diluted by them."""
    prepared = prepare(text)
    if len(prepared.split(" ")) <= WINDOW_WORDS:
        return [prepared]
    parts: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        words = prepare(sentence).split()
        parts.extend(
            " ".join(words[start : start + WINDOW_WORDS])
            for start in range(0, len(words), WINDOW_WORDS)
        )
    return parts or [prepared]


def without_quotations(text: str) -> str | None:
    """`text` with its short quotations cut out, or None if it quotes nothing.

    Counter-speech quotes abuse to condemn it ("calling refugees 'vermin' is disgusting"): if
    the comment is clean without the words it quotes, the quoted words are being discussed."""
    found = False

    def cut(match: re.Match[str]) -> str:
        nonlocal found
        if len(match.group().split()) > QUOTED_WORDS:
            return match.group()
        found = True
        return "…"

    stripped = _QUOTATION.sub(cut, text)
    return stripped if found else None
