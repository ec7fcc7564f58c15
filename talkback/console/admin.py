from django.contrib import admin

from talkback.console.models import SiteRole, SiteSettings


@admin.register(SiteRole)
class SiteRoleAdmin(admin.ModelAdmin[SiteRole]):
    list_display = ["user", "site", "role"]
    list_filter = ["site", "role"]
    search_fields = ["user__username", "site__name"]
    autocomplete_fields = ["user"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin[SiteSettings]):
    list_display = ["site", "reports_to_requeue", "severe_reports_to_requeue", "hide_reported"]
