"""Obfuscation-proof normalisation of comment text, with a map back to the original offsets.

`normalise` folds the tricks that make a swear word look different to a machine but the same to a
reader, so that lexicons can match one canonical form:

- Unicode NFKC: fullwidth, ligatures, mathematical alphanumerics, circled letters.
- case folding.
- dropped format characters (category Cf: zero-width spaces and joiners, word joiner, soft
  hyphen, BOM, bidi controls) and the few letters that render as nothing (Hangul fillers).
- dropped combining marks on Latin letters, on non-letters, and on the Cyrillic and Greek
  letters of a word whose look-alikes are mapped ("fück", "f̶u̶c̶k̶" -> "fuck").
- Latin letters that NFKD cannot decompose, mapped by their Unicode name (ł, ø, ı, small
  capitals, negative-squared and regional-indicator letters).
- Cyrillic and Greek look-alikes (`_LOOKALIKES`) mapped to Latin, but only inside a word that
  also holds a Latin letter or is made of look-alikes alone, so real Cyrillic or Greek
  ("привет") survives, with its diacritics.

Letters of other scripts (Arabic, Persian, Hebrew, Indic...) keep their marks and pass through
with only NFKC, case folding and the removal of format characters. Leetspeak and repeated
letters are NOT folded here, being ambiguous ("1" is i or l); lexicon matching handles them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Final, NamedTuple


@dataclass(frozen=True)
class NormalisedText:
    """`text` is `original` normalised; `origin[i]` is the index in `original` of the character
    that produced `text[i]`, so `origin` is non-decreasing and as long as `text`."""

    original: str
    text: str
    origin: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the half-open span of `original` covering every character that produced
        `text[start:end]`: the end covers the whole source character, with its combining marks
        or the rest of a multi-character source such as "ﬁ".

        Raises ValueError for an empty span or one outside `text`.
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"invalid span [{start}, {end}) of a {len(self.text)}-char text")
        return self.origin[start], _cluster_end(self.original, self.origin[end - 1])


#: Cyrillic and Greek letters that render like a Latin letter in common fonts, keyed by Unicode
#: name so the table can be checked by eye. Case matters: Greek capital ETA looks like H, small
#: eta like n. Letters with diacritics (ё, ї, ά) reach the table as their NFKD base.
_LOOKALIKE_NAMES: Final[dict[str, str]] = {
    "a": "CYRILLIC CAPITAL LETTER A, CYRILLIC SMALL LETTER A, "
    "GREEK CAPITAL LETTER ALPHA, GREEK SMALL LETTER ALPHA",
    "b": "CYRILLIC CAPITAL LETTER VE, CYRILLIC SMALL LETTER VE, GREEK CAPITAL LETTER BETA",
    "c": "CYRILLIC CAPITAL LETTER ES, CYRILLIC SMALL LETTER ES",
    "d": "CYRILLIC SMALL LETTER KOMI DE",
    "e": "CYRILLIC CAPITAL LETTER IE, CYRILLIC SMALL LETTER IE, "
    "GREEK CAPITAL LETTER EPSILON, GREEK SMALL LETTER EPSILON",
    "h": "CYRILLIC CAPITAL LETTER EN, CYRILLIC SMALL LETTER EN, CYRILLIC CAPITAL LETTER SHHA, "
    "CYRILLIC SMALL LETTER SHHA, GREEK CAPITAL LETTER ETA",
    "i": "CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I, "
    "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I, GREEK CAPITAL LETTER IOTA, "
    "GREEK SMALL LETTER IOTA",
    "j": "CYRILLIC CAPITAL LETTER JE, CYRILLIC SMALL LETTER JE, GREEK LETTER YOT",
    "k": "CYRILLIC CAPITAL LETTER KA, CYRILLIC SMALL LETTER KA, "
    "GREEK CAPITAL LETTER KAPPA, GREEK SMALL LETTER KAPPA",
    "l": "CYRILLIC LETTER PALOCHKA, CYRILLIC SMALL LETTER PALOCHKA",
    "m": "CYRILLIC CAPITAL LETTER EM, CYRILLIC SMALL LETTER EM, GREEK CAPITAL LETTER MU",
    "n": "GREEK CAPITAL LETTER NU, GREEK SMALL LETTER ETA",
    "o": "CYRILLIC CAPITAL LETTER O, CYRILLIC SMALL LETTER O, "
    "GREEK CAPITAL LETTER OMICRON, GREEK SMALL LETTER OMICRON",
    "p": "CYRILLIC CAPITAL LETTER ER, CYRILLIC SMALL LETTER ER, "
    "GREEK CAPITAL LETTER RHO, GREEK SMALL LETTER RHO",
    "q": "CYRILLIC CAPITAL LETTER QA, CYRILLIC SMALL LETTER QA",
    "s": "CYRILLIC CAPITAL LETTER DZE, CYRILLIC SMALL LETTER DZE",
    "t": "CYRILLIC CAPITAL LETTER TE, CYRILLIC SMALL LETTER TE, "
    "GREEK CAPITAL LETTER TAU, GREEK SMALL LETTER TAU",
    "u": "GREEK SMALL LETTER UPSILON, GREEK SMALL LETTER MU",
    "v": "GREEK SMALL LETTER NU, CYRILLIC CAPITAL LETTER IZHITSA, CYRILLIC SMALL LETTER IZHITSA",
    "w": "CYRILLIC CAPITAL LETTER WE, CYRILLIC SMALL LETTER WE",
    "x": "CYRILLIC CAPITAL LETTER HA, CYRILLIC SMALL LETTER HA, "
    "GREEK CAPITAL LETTER CHI, GREEK SMALL LETTER CHI",
    "y": "CYRILLIC CAPITAL LETTER U, CYRILLIC SMALL LETTER U, CYRILLIC CAPITAL LETTER STRAIGHT U, "
    "CYRILLIC SMALL LETTER STRAIGHT U, GREEK CAPITAL LETTER UPSILON, GREEK SMALL LETTER GAMMA",
    "z": "GREEK CAPITAL LETTER ZETA",
}

_LOOKALIKES: Final[dict[str, str]] = {
    unicodedata.lookup(name.strip()): latin
    for latin, names in _LOOKALIKE_NAMES.items()
    for name in names.split(",")
}

#: Letters that render as nothing, used like zero-width spaces: Hangul fillers, braille blank.
_INVISIBLE: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800")

#: Latin letters NFKD leaves alone but a reader sees as a plain letter: "LATIN SMALL LETTER L
#: WITH STROKE", "LATIN LETTER SMALL CAPITAL F", "NEGATIVE SQUARED LATIN CAPITAL LETTER F",
#: "REGIONAL INDICATOR SYMBOL LETTER F". Turned, open or ligature letters are not plain letters.
_LATIN_NAME: Final = re.compile(
    r"\b(?:LATIN (?:SMALL |CAPITAL )?|REGIONAL INDICATOR SYMBOL )LETTER "
    r"(?:SMALL CAPITAL |DOTLESS |SCRIPT )?([A-Z])(?: WITH .+)?$"
)

#: A stretch of text that needs the per-character path: non-ASCII characters with the ASCII
#: letters glued to them, so a look-alike word such as "fuсk" is judged whole. Everything outside
#: is ASCII bordered by non-letters, which only needs lower-casing. Anchored at the start of a
#: letter run, so that a long ASCII word is scanned once, not once per letter.
_SLOW_REGION: Final = re.compile(r"(?<![A-Za-z])[A-Za-z]*+(?:[^\x00-\x7f]++[A-Za-z]*+)++")

# What a cluster (a base character with its combining marks) is, for the look-alike rule.
_EMPTY: Final = "empty"  # nothing visible: format characters and stray marks
_NON_LETTER: Final = "non_letter"  # digits, punctuation, spaces, emoji: they end a word
_LATIN: Final = "latin"
_LOOKALIKE: Final = "lookalike"  # a Cyrillic or Greek letter in `_LOOKALIKES`
_GREEK_CYRILLIC: Final = "greek_cyrillic"  # any other Cyrillic or Greek letter
_OTHER_LETTER: Final = "other_letter"  # Arabic, Hebrew, CJK...: left as they are


class _Cluster(NamedTuple):
    """A cluster's kind and its two possible normal forms."""

    kind: str
    plain: str  # marks dropped, look-alikes mapped, case folded
    kept: str  # marks kept, case folded: the form for real non-Latin words


def normalise(text: str) -> NormalisedText:
    """Return `text` normalised against obfuscation (see the module docstring), with offsets."""
    pieces: list[str] = []
    origin: list[int] = []
    done = 0
    for region in _SLOW_REGION.finditer(text):
        _emit_ascii(text, done, region.start(), pieces, origin)
        _emit_region(text, region.start(), region.end(), pieces, origin)
        done = region.end()
    _emit_ascii(text, done, len(text), pieces, origin)
    return NormalisedText(text, "".join(pieces), tuple(origin))


def _emit_ascii(text: str, start: int, end: int, pieces: list[str], origin: list[int]) -> None:
    """Append ASCII `text[start:end]`, for which NFKC and case folding are plain lower-casing."""
    pieces.append(text[start:end].lower())
    origin.extend(range(start, end))


def _emit_region(text: str, start: int, end: int, pieces: list[str], origin: list[int]) -> None:
    """Append `text[start:end]` normalised cluster by cluster, word by word."""
    clusters: list[tuple[int, _Cluster]] = []
    position = start
    while position < end:
        cluster_end = _cluster_end(text, position)
        clusters.append((position, _analyse(text[position:cluster_end])))
        position = cluster_end
    for in_word, run in groupby(clusters, key=lambda item: item[1].kind != _NON_LETTER):
        members = list(run)
        maps = in_word and _maps_lookalikes({cluster.kind for _, cluster in members})
        for cluster_start, cluster in members:
            piece = _pick_form(cluster, maps)
            pieces.append(piece)
            origin.extend([cluster_start] * len(piece))


def _cluster_end(text: str, start: int) -> int:
    """Return the end of the cluster starting at `start`: its base character, then the combining
    marks that follow, with any format characters slipped in between base and mark."""
    end = probe = start + 1
    while probe < len(text):
        category = unicodedata.category(text[probe])
        if category == "Cf":
            probe += 1
        elif category[0] == "M":
            end = probe = probe + 1
        else:
            break
    return end


def _maps_lookalikes(kinds: set[str]) -> bool:
    """Decide whether a word's look-alikes become Latin: when it holds a Latin letter, or when
    every letter in it is a look-alike (a word disguised from end to end)."""
    return _LATIN in kinds or kinds <= {_LOOKALIKE, _EMPTY}


def _pick_form(cluster: _Cluster, maps_lookalikes: bool) -> str:
    """Return the form a cluster takes, given whether its word maps look-alikes."""
    if cluster.kind == _OTHER_LETTER:
        return cluster.kept
    if cluster.kind in (_LOOKALIKE, _GREEK_CYRILLIC) and not maps_lookalikes:
        return cluster.kept
    return cluster.plain


@lru_cache(maxsize=8192)
def _analyse(cluster: str) -> _Cluster:
    """Classify a cluster and compute both its normal forms (cached: the alphabet is small)."""
    composed = "".join(
        _latin_by_name(char) or char
        for char in unicodedata.normalize("NFKC", cluster)
        if unicodedata.category(char) != "Cf" and char not in _INVISIBLE
    )
    return _Cluster(
        kind=_kind(composed),
        plain="".join(_plain_char(char) for char in unicodedata.normalize("NFKD", composed)),
        kept=unicodedata.normalize("NFKC", composed.casefold()),
    )


def _latin_by_name(char: str) -> str | None:
    """Return the plain Latin letter an undecomposable non-ASCII letter or symbol stands for.
    Marks are left out: "COMBINING LATIN SMALL LETTER A" sits on a letter, it is not one."""
    if char.isascii() or unicodedata.decomposition(char) or _is_mark(char):
        return None
    found = _LATIN_NAME.search(unicodedata.name(char, ""))
    return found.group(1).lower() if found else None


def _kind(composed: str) -> str:
    """Return the kind of a composed cluster, judged by its first non-mark character."""
    base = next((c for c in unicodedata.normalize("NFKD", composed) if not _is_mark(c)), None)
    if base is None:
        return _EMPTY
    if not base.isalpha():
        return _NON_LETTER
    if base in _LOOKALIKES:
        return _LOOKALIKE
    script = unicodedata.name(base, "").split(" ", 1)[0]
    if script == "LATIN":
        return _LATIN
    return _GREEK_CYRILLIC if script in ("GREEK", "CYRILLIC") else _OTHER_LETTER


def _plain_char(char: str) -> str:
    """Return the plain form of one NFKD character: nothing for a mark, the Latin letter for a
    look-alike, otherwise its case fold (which may itself decompose, as "ß" -> "ss")."""
    if _is_mark(char):
        return ""
    latin = _LOOKALIKES.get(char)
    if latin is not None:
        return latin
    folded = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in folded if not _is_mark(c))


def _is_mark(char: str) -> bool:
    """Whether `char` is a combining mark (Mn, Mc or Me)."""
    return unicodedata.category(char)[0] == "M"
