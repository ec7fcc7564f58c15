from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from talkback.comments import api, views
from talkback.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("s/<slug:site_slug>/a/<int:article_id>/", views.article_thread, name="article"),
    path("s/<slug:site_slug>/a/<int:article_id>/comments/", views.post, name="post_comment"),
    path("comments/<int:comment_id>/", views.comment_status, name="comment_status"),
    path("comments/<int:comment_id>/appeal/", views.appeal_comment, name="appeal_comment"),
    path("comments/<int:comment_id>/report/", views.report_comment, name="report_comment"),
    path(
        "api/v1/sites/<slug:site_slug>/articles/<int:article_id>/comments",
        api.post,
        name="api_post_comment",
    ),
    path("api/v1/comments/<int:comment_id>", api.status, name="api_comment_status"),
    path("console/", include("talkback.console.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
