"""Moderators edit reply templates, blocked accounts and the guardrails in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("replytemplate", "blockedaccount", "guardrails")
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("social")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    moderators.permissions.add(
        *Permission.objects.filter(content_type__app_label="social", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("social", "0002_default_reply_templates"),
        ("kb", "0002_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
