"""The taxonomy's human labels and explanations in the reader's language.

The engine (talkback.moderation) imports nothing from Django, so its English labels are kept
there; these are the same sentences marked for translation, looked up by code when shown. The
codes themselves (profanity, threat, ...) are data and never translated.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from talkback.moderation.taxonomy import CATEGORY_EXPLANATIONS, CATEGORY_LABELS

LABELS: dict[str, Promise] = {
    "profanity": _("Profanity"),
    "vulgarity": _("Vulgarity"),
    "threat": _("Threats"),
    "personal_attack": _("Personal attacks"),
    "identity_abuse": _("Abuse of people for who they are"),
    "promotion": _("Commercial or personal promotion"),
    "off_topic": _("Not relevant to the article"),
    "system_error": _("Our automatic check failed"),
    "unsupported_language": _("A language our automatic check does not read yet"),
    "reported": _("Reported by readers"),
    "other": _("Something else"),
}

EXPLANATIONS: dict[str, Promise] = {
    "profanity": _("Swearing and curse words are not allowed, however they are spelled."),
    "vulgarity": _("Sexually explicit, crude or obscene content is not allowed."),
    "threat": _("Threats or incitement of violence, and wishes of harm, are not allowed."),
    "personal_attack": _("Insults or harassment aimed at a person are not allowed."),
    "identity_abuse": _(
        "Abuse of people for who they are (sexism, racism, homophobia, xenophobia, "
        "religion, disability) is not allowed."
    ),
    "promotion": _("Commercial or personal promotion is not allowed."),
    "off_topic": _("Comments should be relevant to the article."),
    "system_error": _("A moderator will read your comment instead."),
    "unsupported_language": _("A moderator will read your comment instead."),
    "reported": _("Readers reported your comment; a moderator will read it again."),
}


def label(code: str) -> str:
    """The human label of a reason code in the active language (the code itself if unknown)."""
    found = LABELS.get(code)
    return str(found) if found is not None else CATEGORY_LABELS.get(code, code)


def explanation(code: str) -> str:
    found = EXPLANATIONS.get(code)
    return str(found) if found is not None else CATEGORY_EXPLANATIONS.get(code, "")
