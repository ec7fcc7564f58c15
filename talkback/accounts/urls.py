from __future__ import annotations

from django.urls import path

from talkback.accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("data/", views.my_data, name="my_data"),
    path("data.json", views.download, name="download_data"),
]
