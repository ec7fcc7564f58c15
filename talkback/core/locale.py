"""The reader's language.

Django's LocaleMiddleware reads the language cookie (set by the switcher through Django's
set_language view) and Accept-Language. Before those, a `?lang=` query parameter wins (embed.js
passes the host page's language), and an embedded thread follows its article's language: the
frame lives on the publisher's page, where Talkback's cookie is usually not sent.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

_EMBED_ARTICLE = re.compile(r"^/embed/[-\w]+/a/(?P<article>\d+)/")
_EMBED_COMMENT = re.compile(r"^/embed/comments/(?P<comment>\d+)/")


def supported(code: str) -> str | None:
    """The supported language `code` names (en-GB -> en), or None."""
    try:
        return translation.get_supported_language_variant(code) if code else None
    except LookupError:
        return None


def embedded_language(path: str) -> str | None:
    """The article's language for an embedded thread or status page, else None."""
    from talkback.comments.models import Comment
    from talkback.newsroom.models import Article

    if match := _EMBED_ARTICLE.match(path):
        article = Article.objects.filter(pk=match["article"]).values_list("language", flat=True)
        return article.first()
    if match := _EMBED_COMMENT.match(path):
        comment = Comment.objects.filter(pk=match["comment"])
        return comment.values_list("article__language", flat=True).first()
    return None


class ReaderLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        code = supported(request.GET.get("lang", ""))
        if code is None and request.path_info.startswith("/embed/"):
            code = supported(embedded_language(request.path_info) or "")
        if code is None:
            super().process_request(request)
            return
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        chosen = supported(request.GET.get("lang", ""))
        if chosen and response.status_code in (301, 302, 303, 307, 308):
            response["Location"] = _with_language(response["Location"], chosen)
        # The page is rendered: leave the thread in the default language for whatever it does
        # next (the test client, a management command in the same process).
        translation.deactivate()
        return response


def _with_language(location: str, code: str) -> str:
    """An embedded frame's redirect to another of its pages keeps the reader's chosen language
    (the frame cannot rely on Talkback's cookie)."""
    parts = urlsplit(location)
    if parts.netloc or not parts.path.startswith("/embed/"):
        return location
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("lang", code)])))
