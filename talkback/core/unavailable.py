"""While the database is unreachable, every request gets a clear 503, not a generic 500.

Installed as Django's `handler500`, so it also covers errors raised in middleware (sessions,
CORS), not only in views. Nothing is half-written meanwhile: each write runs in a transaction.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

#: Seconds a client should wait before trying again.
RETRY_AFTER = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer 503 if the error being handled is the database's, else Django's 500 page."""
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return defaults.server_error(request)
    if request.path_info.startswith("/api/"):
        message = "Comments are unavailable for a moment; nothing was stored. Try again later."
        response: HttpResponse = JsonResponse(
            {"error": {"code": "unavailable", "message": message}}, status=503
        )
    else:
        # Rendered without the request: its context processors would query the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response
