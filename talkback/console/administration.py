"""What a site admin changes: the site's moderators and its settings. Each change is audited in the
same transaction; callers have checked that `actor` administers the site."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from talkback.console.audit import record
from talkback.console.models import Action, Role, SiteRole, SiteSettings
from talkback.moderation.policy import Policy
from talkback.newsroom.models import Site

#: The SiteSettings fields a site admin edits.
REPORT_SETTINGS = (
    "reports_to_requeue",
    "severe_reports_to_requeue",
    "severe_categories",
    "hide_reported",
)


class AdministrationError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def add_moderator(site: Site, actor: User, username: str, role: str) -> SiteRole:
    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None:
        raise AdministrationError(f"No active account is called “{username.strip()}”.")
    if role not in Role.values:
        raise AdministrationError("Choose a role.")
    try:
        with transaction.atomic():
            added = SiteRole.objects.create(site=site, user=user, role=role)
            record(site, actor, Action.MODERATOR_ADDED, username=user.username, role=role)
    except IntegrityError as exc:
        raise AdministrationError(f"{user.username} already has a role on {site.name}.") from exc
    return added


def remove_moderator(site: Site, actor: User, user_id: int) -> None:
    if user_id == actor.pk:
        raise AdministrationError("You cannot remove yourself; ask another site admin.")
    with transaction.atomic():
        role = SiteRole.objects.select_related("user").filter(site=site, user_id=user_id).first()
        if role is None:
            raise AdministrationError(f"That person has no role on {site.name}.")
        role.delete()
        record(
            site,
            actor,
            Action.MODERATOR_REMOVED,
            username=role.user.get_username(),
            role=role.role,
        )


def change_settings(
    site: Site, actor: User, policy: Policy, report_settings: dict[str, Any]
) -> bool:
    """Store the site's new thresholds and report settings; return whether anything changed.

    The audit entry's detail holds the old and new value of each changed setting.
    """
    with transaction.atomic():
        locked = Site.objects.select_for_update().get(pk=site.pk)
        config = SiteSettings.for_site(locked)
        old = _settings(locked, config)
        locked.policy = policy.to_dict()
        for name in REPORT_SETTINGS:
            setattr(config, name, report_settings[name])
        new = _settings(locked, config)
        changed = [key for key in new if new[key] != old[key]]
        if not changed:
            return False
        locked.save(update_fields=["policy"])
        config.save()
        record(
            site,
            actor,
            Action.SETTINGS_CHANGED,
            old={key: old[key] for key in changed},
            new={key: new[key] for key in changed},
        )
    site.policy = locked.policy
    return True


def _settings(site: Site, config: SiteSettings) -> dict[str, Any]:
    """The settings as flat, comparable values: one key per threshold and report setting."""
    flat: dict[str, Any] = {}
    for code, threshold in site.moderation_policy().to_dict().items():
        flat[f"{code}.review"] = threshold["review"] if threshold else None
        flat[f"{code}.reject"] = threshold["reject"] if threshold else None
    for name in REPORT_SETTINGS:
        value = getattr(config, name)
        flat[name] = sorted(value) if isinstance(value, list) else value
    return flat
