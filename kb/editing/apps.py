from django.apps import AppConfig


class EditingConfig(AppConfig):
    name = "kb.editing"
    label = "editing"
