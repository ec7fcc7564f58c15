from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Publications (sites) and the articles readers comment under."""

    name = "talkback.newsroom"
    verbose_name = "Newsroom"
