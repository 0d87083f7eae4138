from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "kb.forum"
    label = "forum"
