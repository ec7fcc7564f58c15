"""Print how many comments per second the English lexicon matches on one core.

The mix imitates a news site's comment stream: sentences of ordinary prose, one comment in five
with typographic quotes or accents (which take normalisation's slower path), one in seven with
an obfuscated swear word. Run: `python bench/lexicon.py [number-of-comments]`.
"""

from __future__ import annotations

import random
import sys
import time

from talkback.moderation.lexicon import load_lexicon

SENTENCES = (
    "The coalition should publish its civilian casualty figures before the vote.",
    "In 2019 the three sides agreed on a ceasefire that lasted barely a month.",
    "This coverage is one-sided and ignores what the ministry said on Tuesday.",
    "My grandfather lived in Erbil for forty years and never saw prices like these.",
    "Who is going to pay for the new bridge when the budget is already $5 billion short?",
    "Great reporting, thank you for going to the camps yourselves.",
    "The article says 44 militants were killed but the local council disputes that.",
    "Classic analysis from Scunthorpe's finest: assume the worst and hope for the best.",
    "Turkey’s central bank “will not” raise rates again, according to the minister.",
    "Café owners in the old town say tourism has collapsed since the strikes began.",
)

DIRTY = (
    "what a f***ing joke",
    "this is sh1t journalism",
    "f.u.c.k.i.n.g liars",
    "you absolute f\u200bu\u200bc\u200bk",
    "total bull$hit",
    "ｆｕｃｋ this government",
    "a load of \u0441r\u0430p and a\u0455\u0455holes",
    "shiiiiiit reporting",
    "s-h-i-t take",
)


def synthetic_comments(count: int, seed: int = 7) -> list[str]:
    """Return `count` comments of two to five sentences, about one in seven of them dirty."""
    rng = random.Random(seed)
    comments = []
    for _ in range(count):
        sentences = rng.sample(SENTENCES, rng.randint(2, 5))
        if rng.random() < 1 / 7:
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(DIRTY))
        comments.append(" ".join(sentences))
    return comments


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    lexicon = load_lexicon("en")
    assert lexicon is not None, "the English lexicon ships with the package"
    comments = synthetic_comments(count)
    lexicon.find("warm up the compiled pattern")
    started = time.perf_counter()
    flagged = sum(1 for comment in comments if lexicon.find(comment))
    elapsed = time.perf_counter() - started
    mean_length = sum(map(len, comments)) / len(comments)
    print(
        f"{count / elapsed:,.0f} comments/s "
        f"({count} comments, mean {mean_length:.0f} chars, {flagged} flagged, {elapsed:.2f} s)"
    )


if __name__ == "__main__":
    main()
