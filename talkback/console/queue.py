"""The review queue of a site: which comments, in what order, and what each card shows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from talkback.comments.models import Comment, Status, Verdict
from talkback.console.models import Escalation
from talkback.moderation.policy import Policy
from talkback.moderation.taxonomy import APPROVE, CATEGORIES, CATEGORY_LABELS, REASON_CODES, REJECT
from talkback.newsroom.models import Site

#: The gravest suspicion first, then the machine's least sure call, then the oldest comment.
QUEUE_ORDER = ("-review_severity", "review_margin", "created_at", "id")
PAGE_SIZE = 20


@dataclass(frozen=True)
class Filters:
    category: str = ""
    article: int | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Filters:
        category = params.get("category", "")
        article = params.get("article", "")
        return cls(
            category=category if category in REASON_CODES else "",
            article=int(article) if article.isdigit() else None,
        )

    def as_params(self) -> dict[str, Any]:
        return {
            key: value
            for key, value in (("category", self.category), ("article", self.article))
            if value
        }


@dataclass(frozen=True)
class Score:
    code: str
    label: str
    value: float | None
    review: float | None
    reject: float | None


@dataclass(frozen=True)
class Reason:
    number: int
    code: str
    label: str
    checked: bool


@dataclass(frozen=True)
class Card:
    comment: Comment
    verdict: Verdict | None
    scores: list[Score]
    #: approve or reject: the side of the review band the machine's scores fell on; "" if none.
    leaning: str
    reasons: list[Reason]
    approved: int
    rejected: int


def review_queue(site: Site, filters: Filters) -> QuerySet[Comment]:
    machine = Verdict.objects.filter(moderator=None).order_by("-created_at", "-id")
    queue = (
        Comment.objects.filter(status=Status.REVIEW, article__site=site)
        # A hidden reported comment waits in the `reported` tab instead.
        .exclude(Exists(Escalation.objects.filter(comment=OuterRef("pk"), closed_at=None)))
        .select_related("article__site", "parent")
        .prefetch_related(Prefetch("verdicts", queryset=machine, to_attr="machine_verdicts"))
        .order_by(*QUEUE_ORDER)
    )
    if filters.category:
        queue = queue.filter(review_category=filters.category)
    if filters.article:
        queue = queue.filter(article_id=filters.article)
    return queue


def queue_articles(site: Site) -> QuerySet[Any]:
    """The site's articles that have comments in review, for the article filter."""
    return (
        site.articles.filter(comments__status=Status.REVIEW)
        .annotate(waiting=Count("comments"))
        .order_by("title")
    )


def cards(site: Site, comments: Sequence[Comment]) -> list[Card]:
    policy = site.moderation_policy()
    history = _history(site, comments)
    return [_card(comment, policy, history.get(_author_key(comment), {})) for comment in comments]


def _card(comment: Comment, policy: Policy, history: Mapping[str, int]) -> Card:
    machine: list[Verdict] = getattr(comment, "machine_verdicts", [])
    verdict = machine[0] if machine else None
    suspected = set(verdict.reasons) if verdict else set()
    scores = verdict.scores if verdict else {}
    return Card(
        comment=comment,
        verdict=verdict,
        scores=[_score(code, scores.get(code), policy) for code in CATEGORIES],
        leaning=_leaning(suspected, scores, policy),
        reasons=[
            Reason(number, code, CATEGORY_LABELS[code], code in suspected)
            for number, code in enumerate(CATEGORIES, start=1)
        ],
        approved=history.get(Status.APPROVED, 0),
        rejected=history.get(Status.REJECTED, 0),
    )


def _score(code: str, value: float | None, policy: Policy) -> Score:
    threshold = policy.thresholds.get(code)
    return Score(
        code,
        CATEGORY_LABELS[code],
        value,
        threshold.review if threshold else None,
        threshold.reject if threshold else None,
    )


def _leaning(suspected: set[str], scores: Mapping[str, float | None], policy: Policy) -> str:
    halfway = [
        score >= (t.review + t.reject) / 2
        for code in suspected
        if (t := policy.thresholds.get(code)) and (score := scores.get(code)) is not None
    ]
    if not halfway:
        return ""
    return REJECT if any(halfway) else APPROVE


def _author_key(comment: Comment) -> tuple[int | None, str]:
    if comment.author_id is not None:
        return (comment.author_id, "")
    return (None, comment.author_email.lower())


def _history(
    site: Site, comments: Sequence[Comment]
) -> dict[tuple[int | None, str], dict[str, int]]:
    """Count each commenter's approved and rejected comments on the site: by account, or for
    guests by email."""
    users = {c.author_id for c in comments if c.author_id is not None}
    emails = {c.author_email for c in comments if c.author_id is None and c.author_email}
    rows = (
        Comment.objects.filter(article__site=site, status__in=[Status.APPROVED, Status.REJECTED])
        .filter(Q(author_id__in=users) | Q(author=None, author_email__in=emails))
        .values("author_id", "author_email", "status")
        .annotate(n=Count("id"))
    )
    counts: dict[tuple[int | None, str], dict[str, int]] = {}
    for row in rows:
        author_id = row["author_id"]
        key = (author_id, "") if author_id is not None else (None, row["author_email"].lower())
        per_status = counts.setdefault(key, {})
        per_status[row["status"]] = per_status.get(row["status"], 0) + row["n"]
    return counts
