from django.urls import path

from kb.forum import moderation_views as mod
from kb.forum import views

app_name = "forum"
urlpatterns = [
    path("", views.topic_list, name="index"),
    path("s/<slug:slug>/", views.topic_list, name="section"),
    path("t/<int:pk>/", views.topic_detail, name="topic"),
    path("t/<int:pk>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/me-too/", views.me_too, name="me_too"),
    path("t/<int:pk>/subscription/", views.subscription, name="subscription"),
    path("p/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:pk>/history/", views.post_history, name="post_history"),
    path("p/<int:pk>/solve/", views.mark_solution, name="solve"),
    path("p/<int:pk>/helpful/", views.helpful, name="helpful"),
    path("p/<int:pk>/flag/", views.flag, name="flag"),
    path("ask/", views.ask, name="ask"),
    path("ask/suggest/", views.ask_suggest, name="ask_suggest"),
    path("ask/go/<int:attempt_id>/<kind>/<int:pk>/", views.ask_go, name="ask_go"),
    path("moderation/", mod.queue, name="moderation"),
    path("moderation/p/<int:pk>/hide/", mod.hide_post, name="hide_post"),
    path("moderation/p/<int:pk>/unhide/", mod.unhide_post, name="unhide_post"),
    path("moderation/p/<int:pk>/approve/", mod.approve_post, name="approve_post"),
    path("moderation/p/<int:pk>/dismiss-flags/", mod.dismiss_flags, name="dismiss_flags"),
    path("moderation/t/<int:pk>/lock/", mod.lock_topic, name="lock_topic"),
    path("moderation/t/<int:pk>/pin/", mod.pin_topic, name="pin_topic"),
    path("moderation/t/<int:pk>/move/", mod.move_topic, name="move_topic"),
    path("moderation/t/<int:pk>/merge/", mod.merge_topic, name="merge_topic"),
    path("moderation/t/<int:pk>/promote/", mod.promote, name="promote"),
    path("moderation/u/<int:pk>/ban/", mod.ban_user, name="ban_user"),
    path("moderation/u/<int:pk>/unban/", mod.unban_user, name="unban_user"),
]
