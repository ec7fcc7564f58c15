from django.contrib import admin

from talkback.newsroom.models import Article, Site


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin[Site]):
    list_display = ["name", "slug", "default_language"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["title", "site", "language", "published_at", "comments_open"]
    list_filter = ["site", "language", "comments_open"]
    search_fields = ["title", "external_id", "url"]
