"""`manage.py load_demo`: the demo help center, forum and social inbox, for a new user to try."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.module_loading import module_has_submodule

from kb.demo.loader import print_accounts


class Command(BaseCommand):
    help = "Load the demo content and accounts. Running it again adds only what is missing."

    def handle(self, *args, **options):
        # Keep the notifications that demo activity triggers (workflow e-mails…) off the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            # Each app may ship a `demo` module with a `load(stdout)` function; kb comes first.
            for app_config in apps.get_app_configs():
                if app_config.name.startswith(("kb", "social")) and module_has_submodule(
                    app_config.module, "demo"
                ):
                    import_module(f"{app_config.name}.demo").load(self.stdout)
        print_accounts(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo ready: http://127.0.0.1:8000/"))
