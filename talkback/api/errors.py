"""One error shape for the whole API: {"error": {"code", "message"}} with a 4xx status.

Codes are stable (clients switch on them); messages are for people and may change. Every way a
caller can get a request wrong maps here to a 4xx: an unreadable body, a wrong type, a missing
field, an unknown route, a wrong method. 5xx is left to real server faults.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser


class ApiError(Exception):
    """A refusal with a stable `code`, a human `message` and the HTTP status that fits."""

    def __init__(
        self, code: str, message: str, status: int = 400, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.headers = headers or {}


def error_response(
    code: str, message: str, status: int, headers: dict[str, str] | None = None
) -> JsonResponse:
    response = JsonResponse({"error": {"code": code, "message": message}}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class StrictJsonParser(Parser):
    """Read a body as a JSON object of at most TALKBACK_API_MAX_BODY bytes of UTF-8, or refuse."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        check_size(request)
        try:
            data = json.loads(request.body.decode("utf-8"))
        except UnicodeDecodeError:
            raise ApiError("not_utf8", _("The request body is not valid UTF-8.")) from None
        except json.JSONDecodeError as exc:
            raise ApiError(
                "bad_json", _("The request body is not valid JSON: %s.") % exc.msg
            ) from None
        except RecursionError:
            raise ApiError("bad_json", _("The request body is nested too deeply.")) from None
        if not isinstance(data, dict):
            raise ApiError("bad_json", _("The request body must be a JSON object."))
        return data


def check_size(request: HttpRequest) -> None:
    # Checked on the declared length, so that an oversized body is never held in memory.
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.TALKBACK_API_MAX_BODY:
        raise ApiError("too_large", _("The request body is too large."), 413)


def install_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(ApiError, _api_error)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(ValidationError, _validation_error)
    api.add_exception_handler(RequestDataTooBig, _too_big)


# Handlers take `object`: ninja types the argument as the exception or its class.
def _api_error(request: HttpRequest, exc: object) -> HttpResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.code, exc.message, exc.status, exc.headers)


def _http_error(request: HttpRequest, exc: object) -> HttpResponse:
    assert isinstance(exc, HttpError)
    # Ninja wraps whatever the body parser raised in a plain 400 HttpError.
    if isinstance(exc.__cause__, ApiError):
        return _api_error(request, exc.__cause__)
    if isinstance(exc, Throttled):
        return error_response("rate_limited", _("Too many requests; try again later."), 429)
    if isinstance(exc, AuthenticationError):
        return error_response("unauthorized", _("A valid API key or token is required here."), 401)
    return error_response("bad_request", str(exc), exc.status_code)


def _too_big(request: HttpRequest, exc: object) -> HttpResponse:
    return error_response("too_large", _("The request body is too large."), 413)


def _validation_error(request: HttpRequest, exc: object) -> HttpResponse:
    assert isinstance(exc, ValidationError)
    first = exc.errors[0] if exc.errors else {}
    where = [str(part) for part in first.get("loc", ())]
    if where[:1] == ["body"] and len(where) <= 2 and first.get("type") == "missing":
        return error_response("bad_json", _("The request body must be a JSON object."), 400)
    field = ".".join(where[2:] if where[:1] == ["body"] else where[1:]) or "request"
    detail = str(first.get("msg", _("invalid value")))
    message = _('"%(field)s": %(detail)s.') % {"field": field, "detail": detail}
    code = "bad_field" if where[:1] == ["body"] else "bad_parameter"
    return error_response(code, message, 400)
