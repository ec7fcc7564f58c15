from __future__ import annotations

from django.apps import AppConfig


class EmbedConfig(AppConfig):
    name = "talkback.embed"
    label = "embed"
