"""The guideline taxonomy: the only codes any score, reason, field or output may use.

See GUIDELINES.md in the design folder for what each code catches and what it must not.
"""

from __future__ import annotations

from typing import Final

#: Guideline categories, in the order they are shown to people.
CATEGORIES: Final[tuple[str, ...]] = (
    "profanity",
    "vulgarity",
    "threat",
    "personal_attack",
    "identity_abuse",
    "promotion",
    "off_topic",
)

IDENTITY_ABUSE: Final = "identity_abuse"
PERSONAL_ATTACK: Final = "personal_attack"

#: The categories of abuse, as opposed to promotion and relevance, which are other matters.
ABUSE_CATEGORIES: Final[tuple[str, ...]] = CATEGORIES[:5]

#: Groups an `identity_abuse` verdict can name as attacked.
IDENTITY_TARGETS: Final[tuple[str, ...]] = (
    "sexism",
    "racism",
    "homophobia",
    "xenophobia",
    "religion",
    "disability",
)

APPROVE: Final = "approve"
REJECT: Final = "reject"
REVIEW: Final = "review"
DECISIONS: Final[tuple[str, ...]] = (APPROVE, REJECT, REVIEW)

#: Reasons for `review` that are not guideline categories: the machine could not judge, or readers
#: reported a published comment and it went back to the moderators.
SYSTEM_ERROR: Final = "system_error"
UNSUPPORTED_LANGUAGE: Final = "unsupported_language"
REPORTED: Final = "reported"
SYSTEM_REASONS: Final[tuple[str, ...]] = (SYSTEM_ERROR, UNSUPPORTED_LANGUAGE, REPORTED)

#: Every code a Verdict's `reasons` may hold.
REASON_CODES: Final[tuple[str, ...]] = CATEGORIES + SYSTEM_REASONS

#: Plain-words names, used in statements of reasons shown to readers.
CATEGORY_LABELS: Final[dict[str, str]] = {
    "profanity": "Profanity",
    "vulgarity": "Vulgarity",
    "threat": "Threats",
    "personal_attack": "Personal attacks",
    "identity_abuse": "Abuse of people for who they are",
    "promotion": "Commercial or personal promotion",
    "off_topic": "Not relevant to the article",
    "system_error": "Our automatic check failed",
    "unsupported_language": "A language our automatic check does not read yet",
    "reported": "Reported by readers",
}

#: One sentence per reason, as a statement of reasons quotes it.
CATEGORY_EXPLANATIONS: Final[dict[str, str]] = {
    "profanity": "Swearing and curse words are not allowed, however they are spelled.",
    "vulgarity": "Sexually explicit, crude or obscene content is not allowed.",
    "threat": "Threats or incitement of violence, and wishes of harm, are not allowed.",
    "personal_attack": "Insults or harassment aimed at a person are not allowed.",
    "identity_abuse": (
        "Abuse of people for who they are (sexism, racism, homophobia, xenophobia, "
        "religion, disability) is not allowed."
    ),
    "promotion": "Commercial or personal promotion is not allowed.",
    "off_topic": "Comments should be relevant to the article.",
    "system_error": "A moderator will read your comment instead.",
    "unsupported_language": "A moderator will read your comment instead.",
    "reported": "Readers reported your comment; a moderator will read it again.",
}
