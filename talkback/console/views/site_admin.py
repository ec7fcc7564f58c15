"""Site admins' pages: the site's moderators, and its thresholds and report settings. Moderators
without the admin role get 403 here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from talkback.console.administration import (
    REPORT_SETTINGS,
    AdministrationError,
    add_moderator,
    change_settings,
    remove_moderator,
)
from talkback.console.forms import AddModeratorForm, SettingsForm
from talkback.console.models import SiteRole
from talkback.console.views.gate import admin_of_site, site_context
from talkback.newsroom.models import Site


@require_http_methods(["GET", "POST"])
@admin_of_site
def team(request: HttpRequest, site: Site) -> HttpResponse:
    """The site's moderators and admins; POST adds one by username."""
    assert isinstance(request.user, User)
    form = AddModeratorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            add_moderator(
                site, request.user, form.cleaned_data["username"], form.cleaned_data["role"]
            )
        except AdministrationError as refused:
            form.add_error("username", refused.message)
        else:
            messages.success(request, f"Added {form.cleaned_data['username']}.")
            return HttpResponseRedirect(reverse("console_team", args=[site.slug]), status=303)
    if form.errors:
        status = 400
    roles = SiteRole.objects.filter(site=site).select_related("user").order_by("user__username")
    context = site_context(request, site, "team") | {"form": form, "roles": roles}
    return render(request, "console/team.html", context, status=status)


@require_POST
@admin_of_site
def remove_moderator_view(request: HttpRequest, site: Site, user_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    try:
        remove_moderator(site, request.user, user_id)
    except AdministrationError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "Removed.")
    return HttpResponseRedirect(reverse("console_team", args=[site.slug]), status=303)


@require_http_methods(["GET", "POST"])
@admin_of_site
def site_settings(request: HttpRequest, site: Site) -> HttpResponse:
    """The site's thresholds per category and its report settings; POST changes them."""
    assert isinstance(request.user, User)
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(site))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in REPORT_SETTINGS}
        changed = change_settings(site, request.user, form.cleaned_data["policy"], values)
        messages.success(request, "Settings saved." if changed else "Nothing changed.")
        return HttpResponseRedirect(reverse("console_settings", args=[site.slug]), status=303)
    context = site_context(request, site, "settings") | {"form": form}
    return render(request, "console/settings.html", context, status=400 if form.errors else 200)
