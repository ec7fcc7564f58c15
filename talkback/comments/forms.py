from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from django import forms
from django.conf import settings
from django.http import HttpRequest

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
        return "Please send the comment form as a web form (application/x-www-form-urlencoded)."
    try:
        parse_qsl(request.body.decode("latin-1"), encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return "Your comment is not valid UTF-8 text."
    return None
