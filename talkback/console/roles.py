"""Who may do what in the console: one place, so every view asks the same question."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from talkback.console.models import Role, SiteRole
from talkback.newsroom.models import Site


def can_moderate(user: AbstractBaseUser | AnonymousUser, site: Site) -> bool:
    return _has_role(user, site, (Role.MODERATOR, Role.ADMIN))


def can_administer(user: AbstractBaseUser | AnonymousUser, site: Site) -> bool:
    return _has_role(user, site, (Role.ADMIN,))


def moderated_sites(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Site]:
    if not user.is_authenticated:
        return Site.objects.none()
    if getattr(user, "is_staff", False):
        return Site.objects.order_by("name")
    return Site.objects.filter(roles__user_id=user.pk).order_by("name")


def _has_role(user: AbstractBaseUser | AnonymousUser, site: Site, roles: tuple[str, ...]) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_staff", False):
        return True
    return SiteRole.objects.filter(site=site, user_id=user.pk, role__in=roles).exists()
