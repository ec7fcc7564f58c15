"""Keys and tokens in the admin: listed and revoked there; created with `talkback api-key` /
`talkback api-token` (or the admin's add form), which show the secret once."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from talkback.api.models import ApiKey, Credential, ModeratorToken


class CredentialAdmin(admin.ModelAdmin[Any]):
    list_display: tuple[str, ...] = ("name", "key_hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hint", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: Credential, form: Any, change: bool) -> None:
        if not change:
            secret = obj.issue()
            messages.warning(request, f"The new secret, shown this once: {secret}")
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        queryset.filter(revoked_at=None).update(revoked_at=timezone.now())


@admin.register(ApiKey)
class ApiKeyAdmin(CredentialAdmin):
    list_display = ("name", "site", *CredentialAdmin.list_display[1:])
    fields = ("site", "name", "key_hint", "created_at", "last_used_at", "revoked_at")


@admin.register(ModeratorToken)
class ModeratorTokenAdmin(CredentialAdmin):
    list_display = ("name", "user", *CredentialAdmin.list_display[1:])
    fields = ("user", "name", "key_hint", "created_at", "last_used_at", "revoked_at")
