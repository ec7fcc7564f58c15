from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Reader comments, the machine's and moderators' verdicts on them, and the reader thread."""

    name = "talkback.comments"
    verbose_name = "Comments"
