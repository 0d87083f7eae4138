from django.apps import AppConfig


class EditingConfig(AppConfig):
    name = "kb.editing"
    label = "editing"

    def ready(self):
        from wagtail.signals import page_published

        from kb.editing.follows import on_page_published
        from kb.models import ArticlePage

        page_published.connect(on_page_published, sender=ArticlePage)
