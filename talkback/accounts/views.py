"""Readers' accounts: sign up, and download or erase one's data."""

from __future__ import annotations

import json

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from talkback.accounts.data import erase, export
from talkback.accounts.forms import EraseForm, SignUpForm
from talkback.comments.views import limit, over_message, too_many
from talkback.lib import ratelimit


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("my_data")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        try:
            limit(request, "signup")
        except ratelimit.Limited as over:
            form.add_error(None, over_message(over))
            page = render(request, "accounts/signup.html", {"form": form}, status=429)
            return too_many(page, over)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    """The reader's data page: a download link, and erasure confirmed by password."""
    user = _user(request)
    form = EraseForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        erase(user)
        logout(request)
        return render(request, "accounts/erased.html")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/data.html", {"form": form}, status=status)


@login_required
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    body = json.dumps(export(_user(request)), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="talkback-data.json"'
    return response


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "login_required let only signed-in users through"
    return request.user
