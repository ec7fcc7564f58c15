from django.urls import path

from talkback.console import views

urlpatterns = [
    path("", views.home, name="console_home"),
    path("<slug:site_slug>/queue/", views.queue, name="console_queue"),
    path(
        "<slug:site_slug>/comments/<int:comment_id>/decide/",
        views.decide_comment,
        name="console_decide",
    ),
    path("<slug:site_slug>/reported/", views.reported, name="console_reported"),
    path("<slug:site_slug>/appeals/", views.appeals, name="console_appeals"),
    path(
        "<slug:site_slug>/appeals/<int:comment_id>/decide/",
        views.decide_appeal_view,
        name="console_decide_appeal",
    ),
    path("comment/<int:comment_id>/", views.history, name="console_history"),
]
