"""Posting from the article page: the comment is stored, moderated, its author sees the outcome."""

from __future__ import annotations

from django.test import Client

from talkback.comments.models import Comment, Status
from talkback.moderation.taxonomy import CATEGORIES

CLEAN = "Thank you for this report. How many civilians are still in the area?"
PROFANE = "What a f.u.c.k.i.n.g joke this coverage is"


def test_it_publishes_a_clean_comment_and_shows_the_author_it_is_published(client, article, post):
    response = post(article, text=CLEAN)

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == comment.get_absolute_url()
    # It should be stored exactly as written, approved by a machine verdict with every score.
    assert comment.text == CLEAN
    assert comment.status == Status.APPROVED
    verdict = comment.verdicts.get()
    assert verdict.by_machine and verdict.decision == "approve"
    assert set(verdict.scores) == set(CATEGORIES)
    assert verdict.model_version.startswith("talkback-")
    page = client.get(comment.get_absolute_url())
    assert "Your comment is published" in page.content.decode()
    assert CLEAN in client.get(article.get_absolute_url()).content.decode()


def test_it_rejects_an_obfuscated_profanity_with_reasons_and_highlighted_words(
    client, article, post
):
    post(article, text=PROFANE)

    comment = Comment.objects.get()
    assert comment.status == Status.REJECTED
    verdict = comment.verdicts.get()
    assert verdict.decision == "reject" and "profanity" in verdict.reasons
    span = verdict.spans[0]
    assert PROFANE[span["start"] : span["end"]] == "f.u.c.k.i.n.g"
    html = client.get(comment.get_absolute_url()).content.decode()
    assert "Your comment was not published" in html
    assert "Profanity" in html
    assert (
        '<mark class="offending offending--profanity" title="Profanity">f.u.c.k.i.n.g</mark>'
        in html
    )


def test_it_never_shows_a_rejected_comment_to_anyone_but_its_author(client, article, post):
    post(article, text=PROFANE)
    comment = Comment.objects.get()

    assert PROFANE in client.get(article.get_absolute_url()).content.decode()
    stranger = type(client)()
    assert PROFANE not in stranger.get(article.get_absolute_url()).content.decode()
    assert stranger.get(comment.get_absolute_url()).status_code == 404


def test_it_shows_a_comment_waiting_for_a_moderator_to_its_author_only(client, article, post):
    text = "ئەمە هەواڵێکی گرنگە، سوپاس"
    post(article, text=text)

    comment = Comment.objects.get()
    assert comment.status == Status.REVIEW
    assert comment.verdicts.get().reasons == ["unsupported_language"]
    assert "waiting for a moderator" in client.get(comment.get_absolute_url()).content.decode()
    assert text not in type(client)().get(article.get_absolute_url()).content.decode()


def test_it_posts_as_the_signed_in_user_without_asking_name_or_email(client, article, post, rob):
    client.force_login(rob)

    post(article, text=CLEAN, author_name="", author_email="")

    comment = Comment.objects.get()
    assert comment.author == rob and comment.author_name == "Rob"
    assert comment.author_email == ""
    assert client.get(comment.get_absolute_url()).status_code == 200


def test_it_threads_a_reply_to_a_reply_under_the_top_level_comment(client, article, post):
    post(article, text=CLEAN)
    top = Comment.objects.get()
    post(article, text="I wondered the same.", parent=top.pk)
    reply = Comment.objects.latest("id")

    post(article, text="Me too, a reply to a reply.", parent=reply.pk)

    assert Comment.objects.latest("id").parent == top
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index(CLEAN) < html.index("I wondered the same.")


def test_it_escapes_html_and_script_in_comments(client, article, post):
    text = '<script>alert("x")</script><b>bold</b> a comment about the strikes'
    post(article, text=text)

    comment = Comment.objects.get()
    assert comment.text == text
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_it_refuses_a_form_post_without_csrf_token(article, post):
    response = post(article, client=Client(enforce_csrf_checks=True), text=CLEAN)

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_it_sends_another_reader_of_a_published_comments_page_to_the_thread(client, article, post):
    post(article, text=CLEAN)
    comment = Comment.objects.get()

    response = type(client)().get(comment.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?page=1#comment-{comment.pk}"


def test_it_keeps_showing_guest_comments_to_their_author_after_sign_in(client, article, post, rob):
    post(article, text="ئەمە هەواڵێکی گرنگە")

    client.force_login(rob)

    assert "ئەمە هەواڵێکی گرنگە" in client.get(article.get_absolute_url()).content.decode()


def test_it_stores_the_guest_email_without_surrounding_spaces(article, post):
    post(article, text=CLEAN, author_email="  gina@example.org ")

    assert Comment.objects.get().author_email == "gina@example.org"
