"""Which groups an `identity_abuse` comment attacks, from the words that name them.

The engine asks only once a comment is judged identity abuse, so naming a group is never evidence
of abuse by itself. Terms live in lexicons/targets_en.tsv (term, target; `*` allows the usual
endings) and are matched on the normalised text, so look-alike spellings of a name still count.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Final

from talkback.moderation.normalise import normalise
from talkback.moderation.taxonomy import IDENTITY_TARGETS

TARGETS_FILE: Final = Path(__file__).parent / "lexicons" / "targets_en.tsv"
#: What a trailing `*` allows: endings of plurals, adjectives and -isms, not any word that
#: merely starts the same way ("Turkish" is a group's name, "turkey" is not).
_ENDINGS: Final = r"(?:s|es|'s|ish|ic|ism|ist|ists|ian|ians|ese)?"


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    terms: dict[str, list[str]] = {target: [] for target in IDENTITY_TARGETS}
    for number, line in enumerate(TARGETS_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        term, _, target = line.partition("\t")
        if target not in terms:
            raise ValueError(f"{TARGETS_FILE}, line {number}: unknown target {target!r}")
        body = re.escape(term.rstrip("*")).replace(r"\ ", r"\s+").replace("'", "['’]")
        terms[target].append(body + (_ENDINGS if term.endswith("*") else ""))
    return tuple(
        (target, re.compile(r"(?<!\w)(?:" + "|".join(bodies) + r")(?!\w)"))
        for target, bodies in terms.items()
        if bodies
    )


def targets_named(text: str) -> tuple[str, ...]:
    """The identity targets whose groups `text` names, in the taxonomy's order."""
    folded = normalise(text).text
    return tuple(target for target, pattern in _patterns() if pattern.search(folded))
