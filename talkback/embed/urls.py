from __future__ import annotations

from django.urls import path

from talkback.embed import views

urlpatterns = [
    path("<slug:site_slug>/", views.entry, name="embed_entry"),
    path("<slug:site_slug>/a/<int:article_id>/", views.thread, name="embed_thread"),
    path("<slug:site_slug>/a/<int:article_id>/comments", views.post, name="embed_post"),
    path("comments/<int:comment_id>/", views.status, name="embed_status"),
]
