from django.contrib import admin

from talkback.console.models import SiteRole


@admin.register(SiteRole)
class SiteRoleAdmin(admin.ModelAdmin[SiteRole]):
    list_display = ["user", "site", "role"]
    list_filter = ["site", "role"]
    search_fields = ["user__username", "site__name"]
    autocomplete_fields = ["user"]
