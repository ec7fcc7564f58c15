from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from django import forms
from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext as _

from talkback.comments.models import AUTHOR_NAME_MAX_LENGTH
from talkback.comments.posting import Submission


class CommentForm(forms.Form):
    """Collects a comment; every rule about what may be posted lives in posting.post_comment."""

    text = forms.CharField(required=False, strip=False)
    author_name = forms.CharField(required=False, strip=False)
    author_email = forms.CharField(required=False, strip=False)
    parent = forms.IntegerField(required=False)

    #: Shown to the browser as maxlength; posting.post_comment enforces them.
    name_max_length = AUTHOR_NAME_MAX_LENGTH

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # posting.check_text refuses NUL characters with the same message the API gives.
        self.fields["text"].validators = []

    @property
    def text_max_length(self) -> int:
        return int(settings.TALKBACK_MAX_COMMENT_LENGTH)

    @property
    def stamp(self) -> str:
        return form_stamp()

    def submission(self) -> Submission:
        data = self.cleaned_data
        return Submission(
            text=data["text"],
            author_name=data["author_name"],
            author_email=data["author_email"],
            parent_id=data["parent"],
        )


def form_body_problem(request: HttpRequest) -> str | None:
    """Return why the POST body cannot be read exactly as the reader wrote it, or None.

    Django decodes form data leniently (bad bytes become U+FFFD), and a comment must be stored
    exactly as written: so the comment form is only accepted urlencoded (what browsers send for
    it), with every byte valid UTF-8.
    """
    if request.content_type != "application/x-www-form-urlencoded":
        return _("Please send the comment form as a web form (application/x-www-form-urlencoded).")
    try:
        parse_qsl(request.body.decode("latin-1"), encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return _("Your comment is not valid UTF-8 text.")
    return None


#: A field people never see (the form hides it), that naive bots fill in.
HONEYPOT_FIELD = "website"
#: When the form was shown, signed so that a bot cannot backdate it.
STAMP_FIELD = "rendered_at"
_STAMP_SALT = "talkback.comments.form-stamp"


def form_stamp(at: float | None = None) -> str:
    return signing.dumps(time.time() if at is None else at, salt=_STAMP_SALT)


def bot_problem(data: Mapping[str, Any]) -> str | None:
    """Return why a posted comment form looks sent by a program, or None.

    A filled-in honeypot, a missing or forged stamp, or a post sooner than
    TALKBACK_MIN_FILL_SECONDS after the form was shown.
    """
    if data.get(HONEYPOT_FIELD):
        return _("Your comment looks sent by a program, so it was not posted.")
    try:
        shown = float(signing.loads(str(data.get(STAMP_FIELD, "")), salt=_STAMP_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return _("The form has expired; please post your comment again from the page.")
    if time.time() - shown < settings.TALKBACK_MIN_FILL_SECONDS:
        return _("That was quick: please take a moment to read your comment, then post it.")
    return None
