"""Credentials for the JSON API: a publisher's key per site, a moderator's personal token.

Only a digest of each secret is stored (see tokens.py); the secret itself is shown once, when it
is created. Revoking sets `revoked_at`; rows are kept, so the audit can say which key did what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from talkback.api.tokens import MODERATOR_PREFIX, PUBLISHER_PREFIX, digest, hint, new_token
from talkback.newsroom.models import Site


class Credential(models.Model):
    name = models.CharField(max_length=100, help_text="What the key is for, e.g. the CMS.")
    #: SHA-256 of the secret, hex; the secret itself is never stored.
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    #: The secret's first characters, to tell keys apart in lists.
    key_hint = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    prefix: str = ""

    class Meta:
        abstract = True

    def issue(self) -> str:
        """Give this credential a fresh secret and return it: the only time it is readable."""
        secret = new_token(self.prefix)
        self.key_digest, self.key_hint = digest(secret), hint(secret)
        return secret

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiKey(Credential):
    """A publisher's key: manages one site's articles and policy through the API."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="api_keys")

    prefix = PUBLISHER_PREFIX

    class Meta:
        verbose_name = "publisher API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}…) for {self.site}"


class ModeratorToken(Credential):
    """A moderator's personal token: acts as that user, with that user's roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )

    prefix = MODERATOR_PREFIX

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}…) of {self.user}"
