"""Lexicon matching for `profanity` and `vulgarity`, robust to the usual obfuscations.

A lexicon file is UTF-8 TSV, one `term<TAB>code<TAB>weight` per line, `#` comments allowed:

- `term`: lower-case ASCII words of at least three letters in all, single spaces between
  words ("son of a bitch"). A trailing `*` also matches any inflection of the stem ("fuck*" ->
  fucking, fucker); without it the term matches as a whole word only, so every inflection
  wanted must be listed or starred.
- `code`: `profanity` or `vulgarity`.
- `weight`: in (0, 1], how sure a match alone makes us that the comment breaks that guideline.

Matching runs on `normalise(text)` (case, NFKC, zero-width characters, combining marks,
look-alike letters) and, on top of it, tolerates:

- leetspeak (`_LEET`), and a masked letter (`*`, `#`, `%`) anywhere but first: "f*ck", "f***";
- repeated letters: "fuuuuck", "shiiiit" (a single letter stretched to three: see `_solid_run`);
- single letters spaced out or split by punctuation: "f u c k", "f.u.c.k", "s-h-i-t".

A match needs a letter on neither side, so "Scunthorpe", "assassin" and "cockpit" are clean;
spaced-out letters only join when each stands alone, so "is hit" is clean; and a match needs
one real letter, so "455" is a number, not "ass".
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import groupby
from pathlib import Path
from typing import Final

from talkback.moderation.normalise import NormalisedText, normalise
from talkback.moderation.verdict import Span

CODES: Final[tuple[str, ...]] = ("profanity", "vulgarity", "threat")

_TERM: Final = re.compile(r"[a-z]+(?: [a-z]+)*\*?")
_MIN_LETTERS: Final = 3  # shorter terms collide with ordinary words once leet and masks apply

#: What a letter may be written as, besides itself.
_LEET: Final[dict[str, str]] = {
    "a": "4@",
    "c": "(",
    "e": "3",
    "i": "1!|",
    "l": "1|",
    "o": "0",
    "s": "5$",
    "t": "7",
}
#: Characters standing for a hidden letter: "f*ck", "sh#t", and emoji such as "sh💩t".
_MASK: Final = "[*#%\u2600-\u27bf\U0001f300-\U0001faff]"
_LEET_ANY: Final = "[" + re.escape("".join(sorted(set("".join(_LEET.values()))))) + "]"

_BEFORE: Final = r"(?<![^\W_])"  # no letter or digit just before a match
_AFTER: Final = rf"(?![^\W_])(?!(?<={_MASK}){_MASK})"  # ... nor after; nor a mask after a mask
_SEPARATOR_CHAR: Final = r"[\s._\-,:;/\\~]"
_SEPARATOR: Final = _SEPARATOR_CHAR + "{1,3}+"  # between spaced-out letters: "f. u. c. k"
_JOIN: Final = r"[\s._\-]{0,3}+"  # between the words of a multi-word term
_SPACED_GATE: Final = rf"(?=[\s\S]{_SEPARATOR_CHAR})"  # skip the spaced patterns early
#: An inflection: letters, and leet or masks between letters ("fuck1ng", "f***ing").
_SOLID_TAIL: Final = rf"(?:[a-z]|(?:{_LEET_ANY}|{_MASK})(?=[a-z]))*+"
#: Inflections of a spaced-out stem, spaced out too ("f.u.c.k.i.n.g"); an open list would swallow
#: the next words of a spaced-out sentence ("f u c k y o u"), and so would one letter ("s").
_SPACED_SUFFIXES: Final = ("ers", "ing", "er", "ed", "es", "in")
_SPACED_TAIL: Final = (
    "(?:" + "|".join(_SEPARATOR + _SEPARATOR.join(suffix) for suffix in _SPACED_SUFFIXES) + ")?"
)

QUOTES: Final = frozenset("\"'`“”‘’„‚«»‹›「」『』")
_CLOSING_PUNCTUATION: Final = frozenset(".,!?;:")
_HAS_LETTER: Final = re.compile("[a-z]")
_LEXICON_DIR: Final = Path(__file__).resolve().parent / "lexicons"
_LANG: Final = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class LexiconEntry:
    """One lexicon line; see the module docstring for what each field may hold."""

    term: str
    code: str
    weight: float

    def __post_init__(self) -> None:
        if not _TERM.fullmatch(self.term):
            raise ValueError(f"term {self.term!r} is not lower-case ASCII words with optional *")
        if sum(c.isalpha() for c in self.term) < _MIN_LETTERS:
            raise ValueError(f"term {self.term!r} has fewer than {_MIN_LETTERS} letters")
        if self.code not in CODES:
            raise ValueError(f"code {self.code!r} is not one of {', '.join(CODES)}")
        if not 0.0 < self.weight <= 1.0:
            raise ValueError(f"weight {self.weight!r} is not in (0, 1]")

    @property
    def stem(self) -> str:
        return self.term.removesuffix("*")

    @property
    def inflects(self) -> bool:
        return self.term.endswith("*")


@dataclass(frozen=True)
class LexiconMatch:
    """A lexicon term found at `original[start:end]`; `quoted` when quotation marks wrap it."""

    start: int
    end: int
    code: str
    term: str
    weight: float
    quoted: bool

    def to_span(self) -> Span:
        return Span(self.start, self.end, self.code)


class Lexicon:
    """A set of weighted terms, matched in one combined regular expression."""

    def __init__(self, entries: Iterable[LexiconEntry]) -> None:
        self.entries = tuple(entries)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Lexicon:
        """Load a lexicon file. Raise ValueError naming the file and line of any bad line,
        including a term listed twice."""
        entries: list[LexiconEntry] = []
        first_seen: dict[str, int] = {}
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                entry = _parse_line(line)
                if entry.term in first_seen:
                    raise ValueError(f"{entry.term!r} already on line {first_seen[entry.term]}")
            except ValueError as error:
                raise ValueError(f"{path}, line {number}: {error}") from None
            first_seen[entry.term] = number
            entries.append(entry)
        return cls(entries)

    def fingerprint(self) -> str:
        """Return a digest of the entries, which changes whenever what the lexicon matches does."""
        lines = (f"{e.term}\t{e.code}\t{e.weight!r}\n" for e in self.entries)
        return hashlib.sha256("".join(lines).encode()).hexdigest()

    def find(self, text: str) -> list[LexiconMatch]:
        """Return the terms found in `text`, sorted by start and non-overlapping, with offsets
        into `text` itself. At one start a longer term wins over one it extends ("piss off"
        over "piss"); where masks leave the term open ("p***y"), the heavier one wins."""
        normalised = normalise(text)
        found: list[LexiconMatch] = []
        position = 0
        while hit := self._pattern.search(normalised.text, position):
            if _HAS_LETTER.search(hit.group()):
                found.append(self._match(normalised, hit))
                position = hit.end()
            else:
                position = hit.start() + 1
        return found

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        """Compile every entry into one pattern: a trie of written forms, solid then spaced."""
        solid, spaced = _Trie(), _Trie()
        for index, entry in enumerate(self.entries):
            solid.insert(_solid_units(entry.stem), entry.weight, _solid_end(entry, index))
            spaced.insert(_spaced_units(entry.stem), entry.weight, _spaced_end(entry, index))
        return re.compile(f"{_BEFORE}(?:{solid.render()}|{_SPACED_GATE}{spaced.render()})")

    def _match(self, normalised: NormalisedText, hit: re.Match[str]) -> LexiconMatch:
        assert hit.lastgroup is not None, "every alternative ends in a named group"
        entry = self.entries[int(hit.lastgroup[1:])]
        start, end = normalised.original_span(hit.start(), hit.end())
        quoted = _is_quoted(normalised.text, hit.start(), hit.end())
        return LexiconMatch(start, end, entry.code, entry.term, entry.weight, quoted)


#: A quoted swear word is usually being discussed, not used: cap its score at the default review
#: threshold so a person decides (GUIDELINES.md: "a judgement call: send to review").
QUOTED_SCORE_CAP: Final = 0.5


def match_scores(matches: Iterable[LexiconMatch]) -> dict[str, float]:
    """The heaviest match per category code, a quoted match counting at most the cap."""
    scores: dict[str, float] = {}
    for match in matches:
        weight = min(match.weight, QUOTED_SCORE_CAP) if match.quoted else match.weight
        scores[match.code] = max(scores.get(match.code, 0.0), weight)
    return scores


def load_lexicon(lang: str) -> Lexicon | None:
    """Return the lexicon shipped for language code `lang` (lexicons/{lang}.tsv), or None,
    also for anything that is not a lower-case ISO 639 code. Loaded once per code."""
    return _load_shipped(lang) if _LANG.fullmatch(lang) else None


@cache
def _load_shipped(lang: str) -> Lexicon | None:
    path = _LEXICON_DIR / f"{lang}.tsv"
    return Lexicon.from_file(path) if path.is_file() else None


def _parse_line(line: str) -> LexiconEntry:
    fields = line.strip().split("\t")
    if len(fields) != 3:
        raise ValueError(f"expected term<TAB>code<TAB>weight, got {len(fields)} field(s)")
    term, code, weight = (f.strip() for f in fields)
    try:
        value = float(weight)
    except ValueError:
        raise ValueError(f"weight {weight!r} is not a number") from None
    return LexiconEntry(term, code, value)


@dataclass
class _Trie:
    """Regex fragments shared by terms that start alike, so a failing position fails fast."""

    children: dict[str, _Trie] = field(default_factory=dict)
    ends: list[str] = field(default_factory=list)
    weight: float = 0.0  # the heaviest term below, tried first

    def insert(self, units: list[str], weight: float, end: str) -> None:
        node = self
        node.weight = max(node.weight, weight)
        for unit in units:
            node = node.children.setdefault(unit, _Trie())
            node.weight = max(node.weight, weight)
        node.ends.append(end)

    def render(self) -> str:
        """Return this node as a regex; longer terms are tried before terms ending here."""
        heaviest = sorted(self.children.items(), key=lambda item: -item[1].weight)
        options = [unit + child.render() for unit, child in heaviest] + self.ends
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


def _letter(letter: str) -> str:
    return "[" + re.escape(letter + _LEET.get(letter, "")) + "]"


def _solid_units(stem: str) -> list[str]:
    """Return one fragment per run of a letter in the term (see `_solid_run`), with the words
    of a multi-word term joined by spaces, dots, dashes or nothing."""
    units: list[str] = []
    for word in stem.split(" "):
        if units:
            units.append(_JOIN)
        for letter, run in groupby(word):
            units.append(_solid_run(letter, len(list(run)), first=not units))
    return units


def _solid_run(letter: str, count: int, first: bool) -> str:
    """Return a run of `count` times `letter`: the letter or one of its leet forms, repeated as
    often as in the term or more ("fuuuck", "a$$$"), or, except first, as many masks.

    A single letter must be stretched to three: doubling is ordinary spelling, and "assess" or
    "Shiite" are not "asses" or "shite". Each form repeats alone, so "(cunt" is a bracket and a
    c. A first run must start where its character does: otherwise each "$" of a long "$$$$"
    would start a scan to the end of the run, which is quadratic."""
    options = []
    for form in map(re.escape, letter + _LEET.get(letter, "")):
        run = f"(?:{form}{{3,}}+|{form}(?!{form}))" if count == 1 else f"{form}{{{count},}}+"
        options.append(f"(?<!{form}){run}" if first else run)
    if not first:
        options.append(_MASK + ("" if count == 1 else f"{{{count}}}"))
    return "(?:" + "|".join(options) + ")"


def _spaced_units(stem: str) -> list[str]:
    """Return one fragment per letter, each a single character after a separator."""
    letters = stem.replace(" ", "")
    return [_letter(letters[0])] + [_SEPARATOR + _letter(letter) for letter in letters[1:]]


def _solid_end(entry: LexiconEntry, index: int) -> str:
    return (_SOLID_TAIL if entry.inflects else "") + _AFTER + f"(?P<s{index}>)"


def _spaced_end(entry: LexiconEntry, index: int) -> str:
    return (_SPACED_TAIL if entry.inflects else "") + _AFTER + f"(?P<p{index}>)"


def _is_quoted(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` sits right between quotation marks, allowing punctuation
    before the closing one ('"fuck,"'). A longer quotation around it does not count: quoting a
    word to discuss it is the judgement call, quoting a whole insult is not."""
    while end < len(text) and text[end] in _CLOSING_PUNCTUATION:
        end += 1
    return start > 0 and end < len(text) and text[start - 1] in QUOTES and text[end] in QUOTES
