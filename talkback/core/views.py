from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from talkback.newsroom.models import Site


def home(request: HttpRequest) -> HttpResponse:
    sites = Site.objects.prefetch_related("articles").order_by("name")
    return render(request, "core/home.html", {"sites": sites})
