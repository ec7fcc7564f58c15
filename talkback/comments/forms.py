from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from django import forms
from django.conf import settings
from django.http import HttpRequest

from talkback.comments.posting import Submission


class CommentForm(forms.Form):
    """Collects a comment; every rule about what may be posted lives in posting.post_comment."""

    text = forms.CharField(required=False, strip=False, widget=forms.Textarea(attrs={"rows": 4}))
    author_name = forms.CharField(required=False, strip=False, label="Your name")
    author_email = forms.CharField(required=False, strip=False, label="Your email")
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        text.widget.attrs["maxlength"] = settings.TALKBACK_MAX_COMMENT_LENGTH
        # posting.check_text refuses NUL characters with the same message the API gives.
        text.validators = []
        self.fields["author_email"].widget.input_type = "email"
        self.fields["author_email"].help_text = "Never shown to other readers."

    def submission(self) -> Submission:
        data = self.cleaned_data
        return Submission(
            text=data["text"],
            author_name=data["author_name"],
            author_email=data["author_email"],
            parent_id=data["parent"],
        )


def undecodable_form(request: HttpRequest) -> bool:
    """Tell whether a urlencoded POST body holds bytes that are not UTF-8.

    Django decodes form data leniently (bad bytes become U+FFFD); a comment must be stored exactly
    as written, so such a body is refused instead.
    """
    if request.content_type != "application/x-www-form-urlencoded":
        return False
    try:
        parse_qsl(request.body.decode("ascii"), encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return True
    return False
