"""Who calls the API: a publisher by site key, a moderator by personal token (both Bearer)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from talkback.api.models import ApiKey, ModeratorToken
from talkback.api.tokens import MODERATOR_PREFIX, PUBLISHER_PREFIX, digest


class PublisherKey(HttpBearer):
    """`Authorization: Bearer tbk_…`: the site's API key; returns the ApiKey."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        if not token.startswith(f"{PUBLISHER_PREFIX}_"):
            return None
        key = (
            ApiKey.objects.select_related("site")
            .filter(key_digest=digest(token), revoked_at=None)
            .first()
        )
        if key is not None:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
        return key


class ModeratorAuth(HttpBearer):
    """`Authorization: Bearer tbm_…`: a moderator's token; returns the (active) user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.startswith(f"{MODERATOR_PREFIX}_"):
            return None
        found = (
            ModeratorToken.objects.select_related("user")
            .filter(key_digest=digest(token), revoked_at=None, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ModeratorToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        user: User = found.user
        return user
