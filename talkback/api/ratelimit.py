"""Rate limits as the API answers them: 429 with Retry-After in the API's error shape."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from talkback.api.errors import ApiError
from talkback.lib import ratelimit
from talkback.lib.ratelimit import client_ip


def limit(request: HttpRequest, action: str, email: str = "") -> None:
    """Count `action` by the client's IP (and the email given); raise a 429 ApiError when over."""
    try:
        ratelimit.check(action, ip=client_ip(request), email=email)
    except ratelimit.Limited as over:
        raise ApiError(
            "rate_limited",
            _("Too many requests; try again in %d seconds.") % over.retry_after,
            429,
            {"Retry-After": str(over.retry_after)},
        ) from None
