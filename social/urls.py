from django.urls import path

from social import clicks, dashboard_views, job_views, views
from social.ingest import webhook

app_name = "social"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("c/<int:pk>/", views.complaint_detail, name="complaint"),
    path("c/<int:pk>/assign/", views.assign, name="assign"),
    path("c/<int:pk>/reply/", views.save_reply, name="save_reply"),
    path("c/<int:pk>/retry/", views.retry, name="retry"),
    path("c/<int:pk>/posted/", views.confirm_posted, name="confirm_posted"),
    path("c/<int:pk>/not-posted/", views.mark_failed, name="mark_failed"),
    path("c/<int:pk>/article/", views.use_article, name="use_article"),
    path("c/<int:pk>/reject/<int:suggestion_pk>/", views.reject_suggestion, name="reject"),
    path("c/<int:pk>/private/", views.move_to_private, name="private"),
    path("c/<int:pk>/status/", views.set_status, name="status"),
    path("c/<int:pk>/undo/", views.undo, name="undo"),
    path("bulk/", views.bulk_status, name="bulk"),
    path("count/", views.queue_count, name="count"),
    path("cluster/<int:pk>/", views.cluster_view, name="cluster"),
    path("cluster/<int:pk>/send/", views.cluster_send, name="cluster_send"),
    path("cluster/<int:pk>/resume/", views.cluster_resume, name="cluster_resume"),
    path("length/", views.length, name="length"),
    path("articles/", views.article_search, name="article_search"),
    path("gaps/", dashboard_views.gaps_view, name="gaps"),
    path("gaps/write/", dashboard_views.write_article, name="write_article"),
    path("metrics/", dashboard_views.metrics_view, name="metrics"),
    path("jobs/", job_views.jobs_view, name="jobs"),
    path("jobs/<int:pk>/", job_views.job_view, name="job"),
    path("r/<str:token>/", clicks.follow, name="click"),
    path("webhook/", webhook.webhook, name="webhook"),
]
