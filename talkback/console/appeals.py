"""Appeals: the author of a rejected comment asks once for another look; a moderator other than
the one who rejected it decides. The decision is a Verdict like any other, and the author is told
on their status page and by email."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from talkback.comments.models import Comment, Status, Verdict
from talkback.console.audit import record
from talkback.console.decisions import DecisionError, check_decision
from talkback.console.models import Action, Appeal, AppealDecision
from talkback.console.queue import Filters
from talkback.moderation.taxonomy import APPROVE, REJECT
from talkback.newsroom.models import Site

#: The longest appeal message.
APPEAL_MAX_LENGTH = 2000


class AppealError(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def appeal(comment: Comment, message: str) -> Appeal:
    """Record the author's appeal; the caller has checked that the visitor owns the comment."""
    message = message.strip()
    if comment.status != Status.REJECTED:
        raise AppealError(_("Only a rejected comment can be appealed."), 409)
    if Appeal.objects.filter(comment=comment).exists():
        raise AppealError(
            _("You have already appealed this decision; a comment is appealed once."), 409
        )
    if not message:
        raise AppealError(_("Please say why the comment should be published."), 400)
    if len(message) > APPEAL_MAX_LENGTH:
        raise AppealError(
            _("Please keep an appeal under %(limit)s characters.") % {"limit": APPEAL_MAX_LENGTH},
            400,
        )
    try:
        with transaction.atomic():
            return Appeal.objects.create(comment=comment, message=message)
    except IntegrityError as exc:
        raise AppealError(
            _("You have already appealed this decision; a comment is appealed once."), 409
        ) from exc


def rejected_by(comment: Comment) -> User | None:
    """The moderator whose verdict rejected the comment; None when the machine did."""
    verdict = comment.verdicts.filter(decision=REJECT).order_by("-created_at", "-id").first()
    if verdict is None or verdict.moderator is None:
        return None
    moderator: User = verdict.moderator
    return moderator


def decide_appeal(
    site: Site, comment_id: int, moderator: User, decision: str, reasons: Sequence[str]
) -> Appeal:
    """Record `moderator`'s decision on the appeal: approve publishes, reject upholds."""
    recorded = check_decision(decision, reasons)
    found = (
        Appeal.objects.select_related("comment__article")
        .filter(comment_id=comment_id, comment__article__site=site)
        .first()
    )
    if found is None:
        raise DecisionError(f"Comment {comment_id} has no appeal on {site.name}.", 404)
    comment = found.comment
    rejecter = rejected_by(comment)
    if rejecter is not None and rejecter.pk == moderator.pk:
        raise DecisionError(
            f"You rejected comment {comment.pk}; another moderator decides its appeal.", 403
        )
    outcome = AppealDecision.OVERTURNED if decision == APPROVE else AppealDecision.UPHELD
    now = timezone.now()
    with transaction.atomic():
        won = Appeal.objects.filter(
            pk=found.pk, decision=AppealDecision.PENDING, comment__status=Status.REJECTED
        ).update(decision=outcome, decided_at=now, decided_by=moderator)
        if not won:
            raise DecisionError(f"The appeal of comment {comment.pk} is already decided.", 409)
        if decision == APPROVE:
            Comment.objects.filter(pk=comment.pk).update(status=Status.APPROVED)
            comment.status = Status.APPROVED
        verdict = Verdict.objects.create(
            comment=comment, moderator=moderator, decision=decision, reasons=recorded
        )
        record(site, moderator, Action.APPEAL_DECISION, comment=comment, verdict=verdict)
    found.refresh_from_db()
    _tell_author(found)
    return found


def _tell_author(decided: Appeal) -> None:
    comment = decided.comment
    address = comment.author.email if comment.author is not None else comment.author_email
    if not address:
        return
    title = comment.article.title
    link = comment.get_absolute_url()
    # Written in the article's language, the one the author read and wrote in.
    with translation.override(comment.article.language):
        if decided.decision == AppealDecision.OVERTURNED:
            body = _("A moderator read your appeal and published your comment on “%(title)s”.")
        else:
            body = _(
                "A moderator read your appeal about your comment on “%(title)s”; "
                "the decision not to publish it stands."
            )
        subject = _("Your appeal has been decided")
        page = _("Your comment's page: %(link)s") % {"link": link}
    send_mail(subject, f"{body % {'title': title}}\n\n{page}\n", None, [address])


def appeals_queue(site: Site, filters: Filters) -> QuerySet[Appeal]:
    """The site's appeals waiting for a moderator, oldest first; the category filter is one of
    the rejection's reasons."""
    machine = Verdict.objects.filter(moderator=None).order_by("-created_at", "-id")
    queue = (
        Appeal.objects.filter(
            decision=AppealDecision.PENDING,
            comment__article__site=site,
            comment__status=Status.REJECTED,
        )
        .select_related("comment__article__site", "comment__parent")
        .prefetch_related(
            Prefetch("comment__verdicts", queryset=machine, to_attr="machine_verdicts")
        )
        .order_by("created_at", "id")
    )
    return filters.apply(queue, _rejected_for, path="comment__")


def _rejected_for(code: str) -> Q:
    # JSON containment is not portable (SQLite has none): match the quoted code in the JSON text,
    # which no other code contains.
    rejections = Verdict.objects.annotate(reasons_text=Cast("reasons", TextField())).filter(
        comment=OuterRef("comment"), decision=REJECT, reasons_text__contains=f'"{code}"'
    )
    return Q(Exists(rejections))
