"""Read-only views of the console's records. Roles and settings change in the console, where
every change is audited (staff administer every site there); the audit trail (audit entries,
reports, escalations, appeals) is written only by the console's own functions."""

from __future__ import annotations

from django.contrib import admin

from talkback.comments.admin import ReadOnlyAdmin
from talkback.console.models import Appeal, AuditEntry, Escalation, Report, SiteRole, SiteSettings


@admin.register(SiteRole)
class SiteRoleAdmin(ReadOnlyAdmin):
    list_display = ["user", "site", "role"]
    list_filter = ["site", "role"]
    search_fields = ["user__username", "site__name"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(ReadOnlyAdmin):
    list_display = ["site", "reports_to_requeue", "severe_reports_to_requeue", "hide_reported"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "site", "actor", "action", "comment", "decision"]
    list_filter = ["site", "action"]
    search_fields = ["actor__username"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "comment", "reason", "reporter"]
    list_filter = ["reason"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "comment", "hidden", "closed_at", "closed_by"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "comment", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
