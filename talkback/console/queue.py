"""The queue tabs' shared parts (filters, capped paging, the comment card) and the review queue."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any, TypeVar, cast

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Model, OuterRef, Prefetch, Q, QuerySet

from talkback.comments.models import Comment, Status, Verdict
from talkback.console.models import OTHER, Escalation
from talkback.moderation.policy import Policy
from talkback.moderation.taxonomy import APPROVE, CATEGORIES, CATEGORY_LABELS, REASON_CODES, REJECT
from talkback.newsroom.models import Article, Site

#: The gravest suspicion first, then the machine's least sure call, then the oldest comment.
QUEUE_ORDER = ("-review_severity", "review_margin", "created_at", "id")
PAGE_SIZE = 20
#: How far the queue tabs count ("1000+ waiting" beyond).
COUNT_CAP = 1000
M = TypeVar("M", bound=Model)


#: What a search may hold; longer terms are cut.
SEARCH_MAX_LENGTH = 200
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})?$")


@dataclass(frozen=True)
class Filters:
    """What a moderator narrowed a queue tab to; unknown values are dropped, never an error."""

    category: str = ""
    article: int | None = None
    language: str = ""
    #: Text the comment contains.
    q: str = ""
    #: The commenter's display name (contains), email or username (exact).
    author: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Filters:
        category = params.get("category", "")
        article = params.get("article", "")
        language = params.get("language", "").strip().lower()
        return cls(
            category=category if category in (*REASON_CODES, OTHER) else "",
            article=int(article) if article.isdigit() else None,
            language=language if _LANGUAGE_CODE.match(language) else "",
            q=params.get("q", "").strip()[:SEARCH_MAX_LENGTH],
            author=params.get("author", "").strip()[:SEARCH_MAX_LENGTH],
        )

    def as_params(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value}

    def apply(
        self, comments: QuerySet[M], category: Callable[[str], Q], path: str = ""
    ) -> QuerySet[M]:
        """Narrow `comments` (reached through `path`, e.g. "comment__" from appeals)."""
        if self.category:
            comments = comments.filter(category(self.category))
        if self.article:
            comments = comments.filter(**{f"{path}article_id": self.article})
        if self.language:
            comments = comments.filter(**{f"{path}language": self.language})
        if self.q:
            comments = comments.filter(**{f"{path}text__icontains": self.q})
        if self.author:
            comments = comments.filter(
                Q(**{f"{path}author_name__icontains": self.author})
                | Q(**{f"{path}author_email__iexact": self.author})
                # A subquery, not a join to every comment's author.
                | Q(**{f"{path}author__in": User.objects.filter(username__iexact=self.author)})
            )
        return comments


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
    return filters.apply(queue, lambda code: Q(review_category=code))


def filtered_article(site: Site, filters: Filters) -> Article | None:
    """The article a tab is narrowed to, if it is the site's.

    Cards link to "this article only" rather than the filter listing every article with
    something waiting: that costs a pass over the whole queue, and a site has thousands.
    """
    if not filters.article:
        return None
    return Article.objects.filter(site=site, pk=filters.article).first()


class CappedPaginator(Paginator[Any]):
    """A paginator that counts no further than COUNT_CAP items: counting a queue of 100,000
    filtered comments costs more than the page itself, and nobody pages that deep."""

    @cached_property
    def count(self) -> int:
        # Unordered, so the database may count through whichever index fits the filters.
        queryset = cast(QuerySet[Any], self.object_list)
        return queryset.order_by()[: COUNT_CAP + 1].count()

    @property
    def cap(self) -> int:
        return COUNT_CAP

    def page(self, number: Any) -> Page[Any]:
        """A full page however the count was capped (Paginator cuts the last page at it)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(self.object_list[bottom : bottom + self.per_page], number, self)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


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
        # No `author IS NULL` here: it would lead SQLite down the author index, through every
        # guest comment; an account's comment matched by email is skipped below instead.
        .filter(Q(author_id__in=users) | Q(author_email__in=emails))
        .values("author_id", "author_email", "status")
        .annotate(n=Count("id"))
    )
    counts: dict[tuple[int | None, str], dict[str, int]] = {}
    for row in rows:
        author_id = row["author_id"]
        if author_id is not None and author_id not in users:
            continue
        key = (author_id, "") if author_id is not None else (None, row["author_email"].lower())
        per_status = counts.setdefault(key, {})
        per_status[row["status"]] = per_status.get(row["status"], 0) + row["n"]
    return counts
