from django.urls import path

from kb.editing import views

app_name = "editing"
urlpatterns = [
    path("edit/<int:page_id>/", views.edit_article, name="edit"),
    path("suggest/", views.suggest_article, name="suggest"),
    path("history/<int:page_id>/", views.article_history, name="history"),
    path("history/<int:page_id>/diff/", views.revision_diff, name="diff"),
    path("history/<int:page_id>/rollback/<int:revision_id>/", views.roll_back, name="rollback"),
    path("revisions/<int:revision_id>/report/", views.report_revision, name="report"),
    path("edits/<int:edit_id>/withdraw/", views.withdraw_edit, name="withdraw"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:page_id>/", views.review_page, name="review_page"),
    path("reports/<int:report_id>/resolve/", views.resolve_report, name="resolve_report"),
    path("least-helpful/", views.least_helpful, name="least_helpful"),
    path("feedback/<int:page_id>/", views.article_feedback, name="feedback"),
    path("follow/<int:page_id>/", views.follow_article, name="follow"),
]
