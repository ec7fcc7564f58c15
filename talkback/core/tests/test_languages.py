"""Languages: complete catalogues, the reader's language chosen per request, right-to-left pages."""

from __future__ import annotations

import ast
import gettext
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from talkback.comments.models import Comment, Status
from talkback.core import labels
from talkback.moderation.taxonomy import CATEGORIES, CATEGORY_EXPLANATIONS, CATEGORY_LABELS
from talkback.newsroom.models import Article

LOCALE = Path(settings.LOCALE_PATHS[0])
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]
RTL = {"ar", "fa", "ckb"}
#: printf-style (%(name)s, %s, %d) and brace ({name}) placeholders.
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%[sd]|\{\w*\}")


def catalogue(code: str) -> list[tuple[str, str]]:
    """The (msgid, msgstr) pairs of a language's django.po, header and obsolete entries left out."""
    entries: list[list[str]] = []
    field = 0
    for line in (LOCALE / code / "LC_MESSAGES" / "django.po").read_text().splitlines():
        assert not line.startswith(("msgid_plural", "msgctxt")), "no plurals or contexts yet"
        if line.startswith("msgid "):
            entries.append([ast.literal_eval(line[6:]), ""])
            field = 0
        elif line.startswith("msgstr "):
            entries[-1][1] = ast.literal_eval(line[7:])
            field = 1
        elif line.startswith('"'):
            entries[-1][field] += ast.literal_eval(line)
    return [(msgid, msgstr) for msgid, msgstr in entries if msgid]


def test_the_languages_are_english_arabic_persian_turkish_sorani_and_kurmanji():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "ar", "fa", "tr", "ckb", "kmr"]
    assert settings.LANGUAGE_CODE == "en"
    for code in TRANSLATED:
        info = translation.get_language_info(code)
        assert info["bidi"] == (code in RTL), code
        assert info["name_local"]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(code):
    entries = catalogue(code)
    assert len(entries) > 100
    for msgid, msgstr in entries:
        assert msgstr.strip(), f"{code}: no translation of {msgid!r}"
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), (
            f"{code}: placeholders differ in {msgid!r} -> {msgstr!r}"
        )
        assert msgstr.count("<") == msgid.count("<"), f"{code}: markup differs in {msgid!r}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_matches_its_source(code):
    """The shipped .mo is the .po compiled (`talkback compilemessages` after an edit)."""
    with (LOCALE / code / "LC_MESSAGES" / "django.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for msgid, msgstr in catalogue(code):
        assert compiled.gettext(msgid) == msgstr, f"{code}: {msgid!r} is stale in django.mo"


def test_every_category_label_and_explanation_is_marked_for_translation():
    """talkback.core.labels repeats the engine's English sentences (the engine has no Django)."""
    for code in CATEGORIES:
        assert str(labels.LABELS[code]) == CATEGORY_LABELS[code]
        assert str(labels.EXPLANATIONS[code]) == CATEGORY_EXPLANATIONS[code]
    with translation.override("ar"):
        assert labels.label("profanity") == "ألفاظ نابية"
        assert labels.label("not-a-code") == "not-a-code"


def published(article: Article, text: str) -> Comment:
    return Comment.objects.create(
        article=article, author_name="Reader", text=text, status=Status.APPROVED
    )


def test_english_is_the_default_left_to_right(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    assert '<html lang="en" dir="ltr">' in html
    assert "Post comment" in html


@pytest.mark.parametrize(
    ("code", "heading", "button"),
    [("ar", "التعليقات", "انشر التعليق"), ("ckb", "لێدوانەکان", "ناردنی لێدوان")],
)
def test_the_thread_in_a_right_to_left_language(client, article, code, heading, button):
    published(article, "A Latin comment: the strikes were reported on Tuesday.")

    html = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=code).content.decode()

    assert f'<html lang="{code}" dir="rtl">' in html
    assert f"<h2>{heading}</h2>" in html
    assert button in html and "Post comment" not in html
    # Each comment's own direction comes from its text: a Latin comment reads left to right.
    latin = re.search(r'<div class="text" dir="auto"[^>]*>A Latin comment', html)
    assert latin, html


def test_the_reader_switches_language_with_the_switcher(article):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(article.get_absolute_url())
    token = page.cookies["csrftoken"].value

    switched = reader.post(
        reverse("set_language"),
        {"language": "kmr", "next": article.get_absolute_url(), "csrfmiddlewaretoken": token},
    )
    assert switched.status_code == 302
    html = reader.get(article.get_absolute_url()).content.decode()

    assert '<html lang="kmr" dir="ltr">' in html
    assert "Şîroveyê bişîne" in html
    assert reader.post(reverse("set_language"), {"language": "ar"}).status_code == 403


def test_a_lang_parameter_wins_and_an_unknown_one_is_ignored(client, article):
    url = article.get_absolute_url()

    assert 'lang="fa" dir="rtl"' in client.get(url + "?lang=fa").content.decode()
    assert 'lang="tr" dir="ltr"' in client.get(url + "?lang=tr").content.decode()
    assert 'lang="en" dir="ltr"' in client.get(url + "?lang=xx").content.decode()


def test_the_statement_of_reasons_is_in_the_reader_language(client, article):
    from talkback.comments.models import Verdict

    comment = Comment.objects.create(
        article=article, author_name="R", text="some text here", status=Status.REJECTED
    )
    scores = dict.fromkeys(CATEGORIES, 0.0) | {"profanity": 0.99}
    Verdict.objects.create(comment=comment, decision="reject", reasons=["profanity"], scores=scores)

    html = client.get(
        comment.get_absolute_url() + f"?token={comment.status_token}", HTTP_ACCEPT_LANGUAGE="tr"
    ).content.decode()

    assert 'data-code="profanity"' in html  # the code is data, never translated
    assert "<strong>Küfür</strong>" in html
    assert "Küfür ve sövgüye, nasıl yazılırsa yazılsın, izin verilmez." in html


def test_an_api_error_is_in_the_caller_language(client):
    answer = client.get("/api/v1/no-such-route", HTTP_ACCEPT_LANGUAGE="ar")

    assert answer.status_code == 404
    assert answer.json()["error"]["message"] == "لا يوجد مسار API كهذا."


def test_the_embedded_thread_follows_the_article_language(client, article):
    article.language = "ckb"
    article.save()
    article.site.allowed_origins = ["https://news.example"]
    article.site.save()

    url = reverse("embed_thread", args=[article.site.slug, article.pk])
    html = client.get(url + "?origin=https://news.example").content.decode()

    assert 'lang="ckb" dir="rtl"' in html
    assert "ناردنی لێدوان" in html


def test_the_appeal_outcome_mail_is_in_the_article_language(article):
    from talkback.console.appeals import _tell_author
    from talkback.console.models import Appeal, AppealDecision

    article.language = "fa"
    article.save()
    comment = Comment.objects.create(
        article=article, author_name="R", author_email="r@example.org", text="text"
    )
    appeal = Appeal(comment=comment, message="please", decision=AppealDecision.OVERTURNED)

    _tell_author(appeal)

    assert mail.outbox[-1].subject == "دربارهٔ اعتراض شما تصمیم گرفته شد"
    assert "یک ناظر اعتراض شما را خواند" in mail.outbox[-1].body
    assert translation.get_language() == "en"  # the moderator's language is back


def test_the_embedded_reader_switches_language_and_keeps_it_after_posting(
    client, article, settings
):
    settings.TALKBACK_MIN_FILL_SECONDS = 0
    article.site.allowed_origins = ["https://news.example"]
    article.site.save()
    thread_url = reverse("embed_thread", args=[article.site.slug, article.pk])

    english = client.get(thread_url + "?origin=https://news.example").content.decode()
    assert 'hreflang="tr"' in english  # the switcher: a link per language, no cookie needed
    turkish = client.get(thread_url + "?origin=https://news.example&lang=tr").content.decode()
    assert 'lang="tr" dir="ltr"' in turkish and "Yorumu gönder" in turkish
    assert "&amp;lang=tr" in turkish  # its links and its form keep the language

    stamp = re.search(r'name="rendered_at" value="([^"]+)"', turkish)
    assert stamp
    posted = client.post(
        reverse("embed_post", args=[article.site.slug, article.pk])
        + "?origin=https://news.example&lang=tr",
        urlencode(
            {
                "text": "Kısa ve net bir haber, teşekkürler.",
                "author_name": "Ayşe",
                "author_email": "ayse@example.org",
                "rendered_at": unescape(stamp.group(1)),
            }
        ),
        content_type="application/x-www-form-urlencoded",
    )
    assert posted.status_code == 302
    assert posted["Location"].endswith("lang=tr")
    status = client.get(posted["Location"]).content.decode()
    assert 'lang="tr"' in status and "Yorumlara dön" in status


TRANSLATE_TAG = re.compile(r'{% translate "([^"]+)" %}')
BLOCK_TAG = re.compile(r"{% blocktranslate([^%]*)%}(.*?){% endblocktranslate %}", re.DOTALL)
PYTHON_CALL = re.compile(r'\b(?:_|gettext|gettext_lazy)\(\s*"((?:[^"\\]|\\.)*)"\s*\)')


def marked_messages() -> set[str]:
    """The messages the templates and the Python code mark, as makemessages would extract them
    (single-line Python literals only: the catalogue test above covers the rest)."""
    root = LOCALE.parent  # the talkback package
    found: set[str] = set()
    for template in root.glob("*/templates/**/*.html"):
        text = template.read_text()
        found.update(TRANSLATE_TAG.findall(text))
        for options, body in BLOCK_TAG.findall(text):
            if "trimmed" in options:
                body = " ".join(line.strip() for line in body.strip().splitlines())
            found.add(re.sub(r"{{ (\w+) }}", r"%(\1)s", body))
    for module in root.glob("**/*.py"):
        if "moderation" in module.parts or "tests" in module.parts:
            continue
        found.update(ast.literal_eval(f'"{m}"') for m in PYTHON_CALL.findall(module.read_text()))
    return found


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_marked_message_is_in_the_catalogue(code):
    missing = marked_messages() - {msgid for msgid, _msgstr in catalogue(code)}
    assert not missing, f"{code}: run makemessages and translate {sorted(missing)}"
