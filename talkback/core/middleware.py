from __future__ import annotations

from collections.abc import Callable, Sequence

from django.http import HttpRequest, HttpResponse

#: Pages load scripts and styles from Talkback's own origin only; no inline script can run, so
#: any markup that slipped past escaping stays inert.
_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
]


def content_security_policy(frame_ancestors: Sequence[str] = ()) -> str:
    """Return the policy of every page; only the embedded thread may be framed, by the origins
    its site allows (`frame_ancestors`), and by no one else."""
    ancestors = " ".join(frame_ancestors) or "'none'"
    return "; ".join([*_DIRECTIVES, f"frame-ancestors {ancestors}"])


CONTENT_SECURITY_POLICY = content_security_policy()


class ContentSecurityPolicyMiddleware:
    """Give every response the policy, unless its view set a stricter-fitted one itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
