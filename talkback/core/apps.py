from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide pages, templates, security headers and the project's own commands."""

    name = "talkback.core"
    verbose_name = "Talkback"
