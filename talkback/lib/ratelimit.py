"""Rate limits on Django's cache: a fixed window counter per action, scope and identity.

A limit is `(requests, seconds)`. Each scope (the client's IP, the email a guest gives, the
signed-in account) counts on its own; the request is refused when any count goes over, with the
seconds until that window ends (the Retry-After). Counters live in the `default` cache: locmem
counts per process, a shared cache (Redis, memcached) counts across processes.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

#: The scopes a limit can apply to.
SCOPES = ("ip", "email", "account")


class Limited(Exception):
    """Too many requests: try again after `retry_after` seconds."""

    def __init__(self, action: str, scope: str, retry_after: int) -> None:
        super().__init__(f"{action} limited by {scope} for {retry_after} s")
        self.action = action
        self.scope = scope
        self.retry_after = retry_after


def check(action: str, **identities: str | int | None) -> None:
    """Count one `action` for each identity given (ip=..., email=..., account=...).

    Raise Limited when any scope is over its limit in TALKBACK_RATE_LIMITS[action]. Empty
    identities (a guest has no account) are not counted.
    """
    limits = settings.TALKBACK_RATE_LIMITS.get(action, {})
    refused: Limited | None = None
    for scope, identity in identities.items():
        if scope not in limits or identity in (None, ""):
            continue
        requests, seconds = limits[scope]
        retry_after = _hit(f"{action}:{scope}:{identity}", requests, seconds)
        if retry_after and (refused is None or retry_after > refused.retry_after):
            refused = Limited(action, scope, retry_after)
    if refused is not None:
        raise refused


def _hit(identity: str, requests: int, seconds: int) -> int:
    """Count a hit; return 0 if under the limit, else the seconds until the window ends."""
    now = time.time()
    window = int(now // seconds)
    name = hashlib.sha256(identity.lower().encode("utf-8", "surrogatepass")).hexdigest()
    key = f"talkback:rl:{name}:{seconds}:{window}"
    # add() is atomic where the cache is shared, so the first hit of a window starts at 1.
    if cache.add(key, 1, timeout=seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=seconds + 1)
            count = 1
    if count <= requests:
        return 0
    return max(1, math.ceil((window + 1) * seconds - now))


def client_ip(request: HttpRequest) -> str:
    """Return the client's address: REMOTE_ADDR, or behind TALKBACK_PROXY_COUNT trusted proxies
    the address the outermost of them saw in X-Forwarded-For."""
    proxies = settings.TALKBACK_PROXY_COUNT
    forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))
