"""The statistics page: figures computed by the database, drawn as inline SVG with a table."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from talkback.comments.models import Comment
from talkback.console import statistics as stats
from talkback.console.appeals import decide_appeal
from talkback.console.charts import Row, columns, horizontal_bars
from talkback.console.decisions import decide
from talkback.console.models import Appeal, Role
from talkback.console.tests.conftest import person
from talkback.console.undo import undo


@pytest.fixture
def worked(site, moderator, in_review, rejected, published):
    """A day's work: the machine approved one and rejected one; mo approved a threat, rejected
    an insult and undid a rejection; zoe published an appeal."""
    published()
    threat = in_review("threat?", {"threat": 0.6})
    insult = in_review("insult?", {"personal_attack": 0.6})
    undone = in_review("undone", {"profanity": 0.6})
    decide(site, threat.pk, moderator, "approve", [])
    decide(site, insult.pk, moderator, "reject", ["personal_attack"])
    decide(site, undone.pk, moderator, "reject", ["profanity"])
    undo(site, undone.pk, moderator)
    appealed = rejected()
    Appeal.objects.create(comment=appealed, message="Please.")
    zoe = person("zoe", site, Role.MODERATOR)
    decide_appeal(site, appealed.pk, zoe, "approve", [])
    return {"threat": threat, "insult": insult}


def test_it_counts_outcomes_rejections_throughput_and_overturns(site, worked):
    start = stats.since(30)

    assert stats.outcome_shares(site, start) == {
        "approved": 3,
        "rejected": 1,
        "review": 1,
        "pending": 0,
    }
    rejections = {
        row.code: (row.machine, row.moderators)
        for row in stats.rejections_per_category(site, start)
    }
    # The machine rejected the appealed insult; mo rejected one insult and one (undone) profanity.
    assert rejections["personal_attack"] == (1, 1)
    assert rejections["profanity"] == (0, 1)
    assert rejections["threat"] == (0, 0)
    assert [
        (r.username, r.approved, r.rejected, r.undone) for r in stats.throughput(site, start)
    ] == [
        ("mo", 1, 1, 1),
        ("zoe", 1, 0, 0),
    ]
    overturns = {row.code: (row.decided, row.overturned) for row in stats.overturns(site, start)}
    # Approving a suspected threat and publishing a machine rejection go against the machine;
    # the undone profanity decision does not count.
    assert overturns == {"threat": (1, 1), "personal_attack": (2, 1)}


def test_it_computes_decision_time_percentiles(site, moderator, in_review):
    for minutes in range(1, 101):
        comment = in_review(f"waited {minutes} min", {"threat": 0.6})
        Comment.objects.filter(pk=comment.pk).update(
            created_at=F("created_at") - timedelta(minutes=minutes)
        )
        decide(site, comment.pk, moderator, "approve", [])

    times = stats.decision_times(site, stats.since(30))

    assert {p: round(value.total_seconds() / 60) for p, value in times.items() if value} == {
        50: 50,
        90: 90,
        99: 99,
    }


def test_it_has_no_percentiles_without_decisions(site):
    assert stats.decision_times(site, stats.since(7)) == {50: None, 90: None, 99: None}


def test_it_counts_comments_per_day_including_quiet_days(site, published):
    old = published("two days ago")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    published("today")

    days = stats.comments_per_day(site, stats.since(7))

    assert len(days) == 7
    assert [day.total for day in days][-3:] == [1, 0, 1]
    assert days[-1].day == timezone.now().date()


def test_the_page_draws_each_chart_with_a_table(site, worked, signed_in, moderator):
    person("<script>x</script>", site, Role.MODERATOR)

    response = signed_in(moderator).get(reverse("console_statistics", args=["front"]))

    page = response.content.decode()
    assert response.status_code == 200
    for chart in ("per-day", "shares", "rejections", "moderators", "overturns"):
        assert f'<figure class="chart" id="{chart}">' in page
        assert f'aria-labelledby="{chart}-title"' in page
    assert page.count("<svg viewBox") >= 5 and page.count('<table class="data">') == 5
    assert re.search(
        r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" class="fill-', page
    )
    assert '<th scope="row">mo</th>' in page
    assert "p50<strong>" in page
    assert "<script>x" not in page
    assert "style=" not in page  # the CSP forbids inline styles


def test_the_page_escapes_labels(site, signed_in, moderator, in_review):
    comment = in_review("x", {"threat": 0.6})
    evil = person("<b>evil</b>", site, Role.MODERATOR)
    decide(site, comment.pk, evil, "approve", [])

    page = signed_in(moderator).get(reverse("console_statistics", args=["front"])).content.decode()

    assert "<b>evil</b>" not in page
    assert "&lt;b&gt;evil&lt;/b&gt;" in page


@pytest.mark.parametrize("days, shown", [("7", 7), ("90", 90), ("1000", 30), ("x", 30)])
def test_it_offers_fixed_periods(signed_in, moderator, days, shown):
    page = signed_in(moderator).get(reverse("console_statistics", args=["front"]), {"days": days})

    assert f"<strong>{shown} days</strong>" in page.content.decode()


def test_horizontal_bars_scale_to_the_longest_or_a_given_maximum():
    chart = horizontal_bars(
        "t", [Row("a", [(2, "c", "x")]), Row("b", [(1, "c", "x"), (1, "d", "y")])]
    )
    widths = [rect.width for rect in chart.rects]

    assert widths[0] == pytest.approx(widths[1] + widths[2])
    assert horizontal_bars("t", [Row("a", [(50, "c", "%")])], maximum=100).rects[0].width == (
        pytest.approx(widths[0] / 2)
    )
    assert horizontal_bars("t", [Row("a", [(0, "c", "x")])]).rects == []


def test_columns_label_at_most_a_few_days():
    chart = columns("t", [(f"d{n}", [(n, "c", "x")]) for n in range(90)], [])

    day_labels = [label for label in chart.labels if label.text.startswith("d")]
    assert 2 <= len(day_labels) <= 9
    assert day_labels[-1].text == "d89"
    assert max(rect.height for rect in chart.rects) <= 160
