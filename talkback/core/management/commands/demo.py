from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand

from talkback.comments.models import Comment
from talkback.comments.posting import Submission, post_comment
from talkback.newsroom.importing import import_file
from talkback.newsroom.models import Article, Site

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "demo" / "seed_article.txt"

#: Posted through the real pipeline, so the demo thread shows every outcome.
DEMO_COMMENTS = [
    (
        "Layla",
        "Thank you for the detailed reporting on the strikes. "
        "Do we know how many civilians are still trapped near Hajin?",
    ),
    (
        "Daniel",
        "The coalition keeps saying it minimises civilian harm, but 196 civilian deaths "
        "in a month says otherwise. This deserves more scrutiny.",
    ),
    (
        "Hemin",
        "Good to see the numbers sourced. I'd like a follow-up on the humanitarian corridor.",
    ),
    ("Sam", "What a f*cking joke, the whole lot of them are sh1t."),
    ("Aras", "ئەمە هەواڵێکی گرنگە، سوپاس بۆ ڕووداو"),
]
DEMO_REPLY = (
    "Rana",
    "The UN figure of 10,000 civilians in the area suggests many more are trapped.",
)


class Command(BaseCommand):
    help = "Create the demo site with the seed article and comments posted through moderation."

    def handle(self, *args: Any, **options: Any) -> None:
        site, _ = Site.objects.get_or_create(slug="demo", defaults={"name": "Talkback Demo News"})
        (article, _), *_ = import_file(site, SEED_ARTICLE)
        self.stdout.write(f"Demo article: {article.get_absolute_url()}")
        if not Comment.objects.filter(article=article).exists():
            self._post_comments(article)
        self._reader()

    def _post_comments(self, article: Article) -> None:
        guest = AnonymousUser()
        first = None
        for name, text in DEMO_COMMENTS:
            comment = post_comment(article, _guest_submission(name, text), guest)
            comment.refresh_from_db()
            first = first or comment
            self.stdout.write(f"  {name}: {comment.status}")
        assert first is not None, "DEMO_COMMENTS is not empty"
        name, text = DEMO_REPLY
        reply = post_comment(article, _guest_submission(name, text, parent=first.pk), guest)
        reply.refresh_from_db()
        self.stdout.write(f"  {name} (reply): {reply.status}")

    def _reader(self) -> None:
        users = get_user_model()
        if users.objects.filter(username="reader").exists():
            return
        password = secrets.token_urlsafe(9)
        users.objects.create_user("reader", password=password, first_name="Demo Reader")
        self.stdout.write(f"Demo account: reader / {password}")


def _guest_submission(name: str, text: str, parent: int | None = None) -> Submission:
    email = f"{name.lower()}@example.org"
    return Submission(text=text, author_name=name, author_email=email, parent_id=parent)
