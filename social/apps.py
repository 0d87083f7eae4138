from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "social"
    verbose_name = "Social deflection"

    def ready(self):
        from social import article_index, learning  # noqa: F401  (connect signal receivers)
