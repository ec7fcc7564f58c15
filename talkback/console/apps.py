from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    """The moderators' console: per-site roles, the review queue, decisions, comment history."""

    name = "talkback.console"
    verbose_name = "Moderator console"
