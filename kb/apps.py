from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using, **kwargs):
    """The database cache's table (rate-limit counters without REDIS_URL), wherever migrate runs."""
    call_command("createcachetable", database=using)


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = "Knowledge base"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self)

        from kb import change_signals  # noqa: F401  (connect signal receivers)
