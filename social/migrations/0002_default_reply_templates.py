"""Default reply templates in English and French (moderators edit them in the admin)."""

from django.db import migrations

TEMPLATES = {
    "en": {
        "greeting": "Hi {handle},",
        "empathy": "sorry for the trouble, we know how annoying this is.",
        "short_empathy": "sorry for the trouble.",
        "answer": "{summary} This guide should help: {title} {link}",
        "private": "we'd like to look at your account: please send us a private message "
        "(never your password).",
        "closing": "{signature}",
    },
    "fr": {
        "greeting": "Bonjour {handle},",
        "empathy": "désolés pour ce souci, nous comprenons que ce soit pénible.",
        "short_empathy": "désolés pour ce souci.",
        "answer": "{summary} Ce guide devrait vous aider : {title} {link}",
        "private": "nous aimerions regarder votre compte : écrivez-nous en message privé "
        "(jamais votre mot de passe).",
        "closing": "{signature}",
    },
}


def create(apps, schema_editor):
    ReplyTemplate = apps.get_model("social", "ReplyTemplate")
    for language, pieces in TEMPLATES.items():
        ReplyTemplate.objects.get_or_create(language=language, defaults=pieces)


def remove(apps, schema_editor):
    apps.get_model("social", "ReplyTemplate").objects.filter(language__in=TEMPLATES).delete()


class Migration(migrations.Migration):
    dependencies = [("social", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
