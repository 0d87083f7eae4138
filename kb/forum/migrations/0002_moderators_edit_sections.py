"""Moderators edit the forum sections (a snippet) in the Wagtail admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("forum")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    codenames = [f"{action}_forumsection" for action in ACTIONS]
    moderators.permissions.add(
        *Permission.objects.filter(content_type__app_label="forum", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("kb", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
