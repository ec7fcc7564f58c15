from django.urls import path

from talkback.console.views import audit, queues, site_admin, statistics

urlpatterns = [
    path("", queues.home, name="console_home"),
    path("<slug:site_slug>/queue/", queues.queue, name="console_queue"),
    path(
        "<slug:site_slug>/comments/<int:comment_id>/decide/",
        queues.decide_comment,
        name="console_decide",
    ),
    path("<slug:site_slug>/bulk/", queues.bulk, name="console_bulk"),
    path("<slug:site_slug>/undo/", queues.undo_view, name="console_undo"),
    path("<slug:site_slug>/reported/", queues.reported, name="console_reported"),
    path("<slug:site_slug>/appeals/", queues.appeals, name="console_appeals"),
    path(
        "<slug:site_slug>/appeals/<int:comment_id>/decide/",
        queues.decide_appeal_view,
        name="console_decide_appeal",
    ),
    path("<slug:site_slug>/audit/", audit.audit_log_page, name="console_audit"),
    path("<slug:site_slug>/audit.csv", audit.audit_csv, name="console_audit_csv"),
    path("<slug:site_slug>/statistics/", statistics.statistics_page, name="console_statistics"),
    path("<slug:site_slug>/team/", site_admin.team, name="console_team"),
    path(
        "<slug:site_slug>/team/<int:user_id>/remove/",
        site_admin.remove_moderator_view,
        name="console_remove_moderator",
    ),
    path("<slug:site_slug>/settings/", site_admin.site_settings, name="console_settings"),
    path("comment/<int:comment_id>/", queues.history, name="console_history"),
]
