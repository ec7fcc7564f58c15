"""Threat patterns: violence wished, promised or called for against people.

Threats are compositional ("someone should <hang> <him>", "<shoot> <them all>") and labelled
threats are few in the training data (a few hundred), so the classifiers miss most of them.
These patterns catch the grammar of a threat, not a list of sentences:

- a speaker who promises or calls for violence: "I will", "someone should", "let's", "people
  need to", "I'd happily", followed by a violent verb and a person ("him", "them all", "every
  last one", "the judge");
- an imperative at the start of a sentence: "Shoot him.", "Hang the traitors";
- violence someone ought to suffer: "should be shot", "deserves to hang", "hope they burn";
- the stock phrases of intimidation: "I know where you work", "your days are numbered".

What they leave alone, because GUIDELINES.md approves it: reporting ("the strike killed 44
militants" is past and has no speaker calling for it), calls for justice through courts ("should
be charged", "should face trial"), and figures of speech about things ("this tax will kill small
businesses", "I could kill for a coffee"): the object of a threat is a person.

Matching runs on `normalise(text)`, so look-alike letters and case do not matter; offsets are
mapped back to the text as written. A pattern in quotation marks counts as quoted, like a lexicon
term: the engine caps it at review.
"""

from __future__ import annotations

import re
from typing import Final

from talkback.moderation.lexicon import QUOTES, LexiconMatch
from talkback.moderation.normalise import normalise

THREAT: Final = "threat"
#: Explicit threats and intimidation reject under the default policy; phrases that may mean
#: lawful consequences ("you'll pay for this") go to review.
EXPLICIT_WEIGHT: Final = 0.9
INTIMIDATION_WEIGHT: Final = 0.85
WISH_WEIGHT: Final = 0.85
VEILED_WEIGHT: Final = 0.6

_VIOLENT_VERB: Final = (
    r"(?:kill|murder|shoot|hang|lynch|behead|decapitate|stab|stone|execute|slaughter|butcher"
    r"|gas|burn|torch|strangle|choke|drown|skin|gut|torture|castrate|rape|exterminate|massacre"
    r"|gun down|mow down|blow up|string|beat up|put down|take out|finish off|finish|end"
    r"|wipe out|get rid of|bomb|nuke|crucify|shank|knife)"
)
#: Past and passive forms after "should be", "deserve to be", ...
_VIOLENT_PARTICIPLE: Final = (
    r"(?:killed|murdered|shot|hanged|hung|lynched|beheaded|decapitated|stabbed|stoned|executed"
    r"|slaughtered|butchered|gassed|burned|burnt|strangled|drowned|skinned|gutted|tortured"
    r"|castrated|raped|exterminated|massacred|gunned down|mowed down|blown up|strung up"
    r"|beaten to death|beaten up|put down|wiped out|bombed|nuked|crucified|burned alive"
    r"|burnt alive|buried alive|shot dead|put against a wall|lined up and shot)"
)
_PEOPLE: Final = (
    r"(?:people|men|women|kids|children|family|families|traitors?|journalists?|reporters?"
    r"|editors?|writers?|authors?|judges?|mps?|ministers?|politicians?|president|mayor|leaders?"
    r"|police|officers?|cops?|soldiers?|troops|protesters?|rebels?|fighters?|refugees?"
    r"|migrants?|immigrants?|bastards?|scum|lot|bunch|whole \w+|rest of (?:them|you))"
)
_PERSON: Final = (
    r"(?:him|her|them|you|u|ya|'em|y'all|yourself|himself|herself|themselves"
    r"|(?:them|you|they) all|all of (?:them|you)|every (?:last|single) (?:one|\w+)"
    r"|each (?:and every )?one of (?:them|you)|(?:the|these|those|that|this|all the|all those"
    r"|all these|his|her|their|your) (?:\w+ )?" + _PEOPLE + r")"
)
_SPEAKER: Final = (
    r"(?:i(?:'ll| will| shall|'m going to|'m gonna| am going to| am gonna| gonna| would"
    r"|'d| want to| wanna| will personally| could)|we(?:'ll| will| shall|'re going to"
    r"|'re gonna| are going to| should| must| need to| have to|'d)|let's|lets|let us"
    r"|(?:some|any)(?:one|body) (?:should|needs to|ought to|has to|must|will|gotta|go|please)"
    r"|(?:people|you|they|citizens|the people|everyone|y'all) (?:should|need to|must|ought to"
    r"|have to|gotta))"
)
#: Words between the speaker and the verb: "I'd happily shoot", "someone should just go and end".
_BETWEEN: Final = (
    r"(?:(?:just|happily|gladly|personally|finally|really|gonna|go|come|and|love to|like to"
    r"|be happy to|be glad to|not hesitate to) ){0,2}"
)
_SENTENCE_START: Final = r"(?:^|(?<=[.!?\n])\s*|(?<=[.!?]) )"

_PATTERNS: Final[tuple[tuple[re.Pattern[str], float], ...]] = (
    (
        re.compile(rf"\b{_SPEAKER} {_BETWEEN}{_VIOLENT_VERB} {_PERSON}\b"),
        EXPLICIT_WEIGHT,
    ),
    (
        re.compile(rf"{_SENTENCE_START}(?:{_VIOLENT_VERB}) {_PERSON}\b"),
        EXPLICIT_WEIGHT,
    ),
    (
        re.compile(
            r"\b(?:should|must|ought to|needs? to|deserves? to|has to|have to|gotta) "
            rf"(?:all )?be {_VIOLENT_PARTICIPLE}\b"
        ),
        EXPLICIT_WEIGHT,
    ),
    (
        re.compile(
            r"\b(?:hope|wish|pray|may) (?:that )?(?:you|he|she|they|his \w+|her \w+|their \w+"
            r"|your \w+|all of them|every one of them|each of them)"
            r" (?:all )?(?:die|dies|burn|burns|rot|rots|get shot|gets shot|get killed"
            r"|gets killed|get raped|gets raped|choke|chokes|suffer|suffers|starve|starves"
            r"|drown|drowns|never (?:wake|make it))\b"
        ),
        WISH_WEIGHT,
    ),
    (
        re.compile(
            r"\b(?:i|we) know where (?:you|he|she|they|your \w+) (?:live|lives|work|works|sleep"
            r"|sleeps|park|parks|go|goes)\b"
            r"|\byour days are numbered\b|\byou(?:'re| are| will be|'ll be) next\b"
            r"|\bwhile you still can\b|\bsleep with one eye open\b"
            r"|\bshame if something (?:happened|were to happen) to\b|\baccidents happen to\b"
        ),
        INTIMIDATION_WEIGHT,
    ),
    (
        re.compile(
            r"\b(?:we(?:'re| are) )?coming for you\b|\b(?:see|find out) what happens\b"
            r"|\byou(?:'ll| will) pay for this\b|\bwatch your back\b"
        ),
        VEILED_WEIGHT,
    ),
)


def find_threats(text: str) -> list[LexiconMatch]:
    """The threat patterns found in `text`, as lexicon matches with offsets into `text`."""
    normalised = normalise(text)
    lowered = normalised.text.replace("’", "'")
    found = []
    for pattern, weight in _PATTERNS:
        for hit in pattern.finditer(lowered):
            start = hit.start() + len(hit.group()) - len(hit.group().lstrip())
            start, end = normalised.original_span(start, hit.end())
            if end > start:
                found.append(
                    LexiconMatch(
                        start, end, THREAT, hit.group().strip(), weight, _quoted(text, start, end)
                    )
                )
    return _without_overlaps(found)


def _quoted(text: str, start: int, end: int) -> bool:
    """Inside a quotation: an odd number of quotation marks before it on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    marks = sum(1 for char in before if char in QUOTES and char not in "'’")
    singles = sum(1 for n, char in enumerate(before) if char in "'‘’" and _bounds_word(before, n))
    return marks % 2 == 1 or singles % 2 == 1


def _bounds_word(text: str, index: int) -> bool:
    """A single quote that opens or closes a quotation, not an apostrophe (don't, James')."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not (before.isalnum() and after.isalnum()) and not (before.isalpha() and after == " ")


def _without_overlaps(matches: list[LexiconMatch]) -> list[LexiconMatch]:
    kept: list[LexiconMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept
