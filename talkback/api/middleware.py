"""HTTP concerns of the API that sit outside any one view: CORS, and JSON for Django's own
404 and 405 answers under /api/."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from talkback.api.errors import error_response
from talkback.newsroom.models import Site

API_PREFIX = "/api/"
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
Handler = Callable[[HttpRequest], HttpResponse]


class CorsMiddleware:
    """Let the pages of a site's allowed origins call the API from browsers.

    A route under a site (…/sites/<slug>/…) follows that site's list; any other route follows
    the union of all sites' lists. Browsers may send only Content-Type: API keys and moderator
    tokens (the Authorization header) are for servers, never for a publisher's page. No cookies
    are involved, so credentials are never allowed.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origin = request.headers.get("Origin", "")
        if not origin or not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        preflight = request.method == "OPTIONS" and "Access-Control-Request-Method" in (
            request.headers
        )
        response = HttpResponse(status=204) if preflight else self.get_response(request)
        response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Origin"]))
        if origin_allowed(request.path_info, origin):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
            if preflight:
                response.headers["Access-Control-Allow-Methods"] = "GET, POST"
                response.headers["Access-Control-Allow-Headers"] = "Content-Type"
                response.headers["Access-Control-Max-Age"] = "600"
        return response


def origin_allowed(path: str, origin: str) -> bool:
    try:
        slug = resolve(path).kwargs.get("site_slug")
    except Resolver404:
        slug = None
    if slug is not None:
        if not SLUG.fullmatch(slug):  # the route will answer 400; a NUL must not reach the DB
            return False
        site = Site.objects.filter(slug=slug).only("allowed_origins").first()
        return site is not None and site.allows_origin(origin)
    return any(
        origin in origins for origins in Site.objects.values_list("allowed_origins", flat=True)
    )


class JsonErrorsMiddleware:
    """Answer an unknown API route or a wrong method in the API's JSON error shape."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code not in (404, 405) or _is_json(response):
            return response
        if not request.path_info.startswith(API_PREFIX):
            return response
        if response.status_code == 404:
            return error_response("not_found", _("No such API route."), 404)
        methods = response.headers.get("Allow", "").replace(" ", "").split(",")
        allow = ", ".join(sorted(filter(None, methods)))
        message = _("Use %s here.") % allow if allow else _("Method not allowed.")
        return error_response("method_not_allowed", message, 405, {"Allow": allow})


def _is_json(response: HttpResponse) -> bool:
    return response.headers.get("Content-Type", "").startswith("application/json")
