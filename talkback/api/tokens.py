"""Secrets handed to API callers: generated once, shown once, stored only as a SHA-256 digest.

A token is `<kind>_<random>` with 256 bits of randomness, so a plain SHA-256 is enough at rest
(no slow hash needed: nobody can guess such a token, and the digest lets us look it up by index).
"""

from __future__ import annotations

import hashlib
import secrets

#: Prefixes make a leaked token recognisable (and greppable) for what it is.
PUBLISHER_PREFIX = "tbk"
MODERATOR_PREFIX = "tbm"


def new_token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def hint(token: str) -> str:
    """Return the few characters shown to identify a token in lists (never enough to use it)."""
    return token[:8]
