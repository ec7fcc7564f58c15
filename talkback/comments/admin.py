"""Read-only views of comments and verdicts: the admin never edits text or rewrites history.

A moderator's decision is always recorded as a new Verdict, never as an edit.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from talkback.comments.models import Comment, Verdict

#: What the verdict inline shows; all of it read-only.
VERDICT_FIELDS = ("created_at", "decision", "reasons", "moderator", "model_version", "error")


class ReadOnlyAdmin(admin.ModelAdmin[Model]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VerdictInline(admin.TabularInline[Verdict, Comment]):
    model = Verdict
    fields = VERDICT_FIELDS
    readonly_fields = VERDICT_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "excerpt", "article", "author_name", "status", "language", "created_at"]
    list_filter = ["status", "language", "article__site"]
    search_fields = ["text", "author_name", "author_email"]
    inlines = [VerdictInline]

    @admin.display(description="text")
    def excerpt(self, comment: Comment) -> str:
        return comment.text if len(comment.text) <= 80 else comment.text[:79] + "…"


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = ["pk", "comment", "decision", "moderator", "model_version", "created_at"]
    list_filter = ["decision"]
