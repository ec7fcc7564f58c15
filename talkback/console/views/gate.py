"""The permission checks every console view starts with."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from talkback.console.roles import can_administer, can_moderate
from talkback.newsroom.models import Site

P = ParamSpec("P")
SiteView = Callable[Concatenate[HttpRequest, Site, P], HttpResponseBase]
Check = Callable[[AbstractBaseUser | AnonymousUser, Site], bool]


def moderator_of_site(view: SiteView[P]) -> Callable[..., HttpResponseBase]:
    """Give `view` the site named in the URL, once the visitor is known to moderate it."""
    return _gate(view, can_moderate, "You do not moderate {site}.")


def admin_of_site(view: SiteView[P]) -> Callable[..., HttpResponseBase]:
    """Give `view` the site named in the URL, once the visitor is known to administer it."""
    return _gate(view, can_administer, "Only a site admin of {site} may do this.")


def _gate(view: SiteView[P], allowed: Check, refusal: str) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def check(
        request: HttpRequest, site_slug: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        site = get_object_or_404(Site, slug=site_slug)
        if not allowed(request.user, site):
            raise PermissionDenied(refusal.format(site=site.name))
        return view(request, site, *args, **kwargs)

    return check


def site_context(request: HttpRequest, site: Site, tab: str) -> dict[str, Any]:
    """What every console page of a site needs for its navigation."""
    return {"site": site, "tab": tab, "is_site_admin": can_administer(request.user, site)}
