"""The article page: approved comments only, one reply level deep, paginated, in either order."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from talkback.comments.models import Comment, Status


def approved(article, text, minutes_ago=0, parent=None):
    comment = Comment.objects.create(
        article=article, parent=parent, author_name="Reader", text=text, status=Status.APPROVED
    )
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return comment


def test_it_lists_newest_first_by_default_and_oldest_first_on_request(client, article):
    approved(article, "older comment", minutes_ago=10)
    approved(article, "newer comment", minutes_ago=1)

    newest = client.get(article.get_absolute_url()).content.decode()
    oldest = client.get(article.get_absolute_url() + "?order=oldest").content.decode()

    assert newest.index("newer comment") < newest.index("older comment")
    assert oldest.index("older comment") < oldest.index("newer comment")


def test_it_paginates_top_level_comments(client, article, settings):
    settings.TALKBACK_THREAD_PAGE_SIZE = 2
    for n in range(5):
        approved(article, f"comment number {n}", minutes_ago=n)

    first = client.get(article.get_absolute_url()).content.decode()
    last = client.get(article.get_absolute_url() + "?page=3").content.decode()

    assert "comment number 0" in first and "comment number 1" in first
    assert "comment number 2" not in first
    assert "Page 1 of 3" in first
    assert "comment number 4" in last and "comment number 0" not in last


def test_it_shows_approved_replies_under_their_comment(client, article):
    top = approved(article, "top level comment", minutes_ago=5)
    approved(article, "a published reply", parent=top)
    Comment.objects.create(article=article, parent=top, author_name="X", text="a pending reply")

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'class="replies"' in html and "a published reply" in html
    assert "a pending reply" not in html


def test_it_hides_comments_of_every_unpublished_status_from_readers(client, article):
    for status in (Status.PENDING, Status.REVIEW, Status.REJECTED):
        Comment.objects.create(
            article=article, author_name="X", text=f"secret-{status}", status=status
        )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "secret-" not in html
    assert "No published comments yet." in html


def test_it_shows_the_author_their_own_unpublished_reply_under_its_parent(client, article, post):
    top = approved(article, "top level comment")

    post(article, text="ئەمە هەواڵێکی گرنگە", parent=str(top.pk))

    html = client.get(article.get_absolute_url()).content.decode()
    assert "ئەمە هەواڵێکی گرنگە" in html and "Waiting for a moderator" in html
    assert (
        "ئەمە هەواڵێکی گرنگە" not in type(client)().get(article.get_absolute_url()).content.decode()
    )


def test_it_sets_a_content_security_policy_on_pages(client, article):
    response = client.get(article.get_absolute_url())

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_it_answers_a_missing_page_with_the_sites_own_404(client, site):
    response = client.get("/s/front/a/999/")

    assert response.status_code == 404
    assert "There is nothing at this address" in response.content.decode()


def test_it_lets_a_reader_reply_to_a_comment_on_a_later_page(client, article, post, settings):
    settings.TALKBACK_THREAD_PAGE_SIZE = 1
    older = approved(article, "the older comment", minutes_ago=10)
    approved(article, "the newer comment", minutes_ago=1)

    second_page = client.get(article.get_absolute_url() + "?page=2").content.decode()
    reply_link = f"?reply_to={older.pk}&amp;order=newest&amp;page=2"
    with_form = client.get(article.get_absolute_url() + f"?reply_to={older.pk}&page=2")

    assert reply_link in second_page
    assert 'id="reply-form"' in with_form.content.decode()
    assert f'value="{older.pk}"' in with_form.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_thread(
    client, article, django_assert_max_num_queries
):
    for n in range(15):
        top = approved(article, f"comment {n}")
        approved(article, f"reply to {n}", parent=top)

    # site+article, count, page, replies, the viewer's own, session: a fixed handful.
    with django_assert_max_num_queries(8):
        response = client.get(article.get_absolute_url())

    assert response.content.decode().count('class="comment"') == 30


def test_it_links_a_published_reply_to_the_page_that_shows_it(client, article, settings):
    settings.TALKBACK_THREAD_PAGE_SIZE = 2
    oldest = approved(article, "the oldest comment", minutes_ago=30)
    reply = approved(article, "a reply to the oldest", parent=oldest)
    for n in range(3):
        approved(article, f"newer comment {n}", minutes_ago=n)

    location = client.get(reply.get_absolute_url())["Location"]

    assert location == f"{article.get_absolute_url()}?page=2#comment-{reply.pk}"
    assert "a reply to the oldest" in client.get(location.split("#")[0]).content.decode()
