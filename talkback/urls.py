from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from talkback.api.main import api
from talkback.comments import views
from talkback.core import views as core_views
from talkback.embed import views as embed_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("s/<slug:site_slug>/a/<int:article_id>/", views.article_thread, name="article"),
    path("s/<slug:site_slug>/a/<int:article_id>/comments/", views.post, name="post_comment"),
    path("comments/<int:comment_id>/", views.comment_status, name="comment_status"),
    path("comments/<int:comment_id>/appeal/", views.appeal_comment, name="appeal_comment"),
    path("comments/<int:comment_id>/report/", views.report_comment, name="report_comment"),
    path("api/v1/", api.urls),
    path("embed.js", embed_views.script, name="embed_script"),
    path("embed/", include("talkback.embed.urls")),
    path("console/", include("talkback.console.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("talkback.accounts.urls")),
    path("admin/", admin.site.urls),
    # The language switcher posts here (with its CSRF token); it sets the language cookie.
    path("i18n/setlang/", set_language, name="set_language"),
]

# A database outage answers 503 with a clear page (talkback/core/unavailable.py), not a 500.
handler500 = "talkback.core.unavailable.server_error"
