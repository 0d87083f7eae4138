from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "kb.forum"
    label = "forum"

    def ready(self):
        from kb.forum import topic_index  # noqa: F401  (connect signal receivers)
