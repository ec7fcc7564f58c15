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
    path("comment/<int:comment_id>/", views.history, name="console_history"),
]
