"""Reply templates get a lead-in for questions and a reply to praise (French ones translated)."""

from django.db import migrations, models

FRENCH = {
    "question": "avec plaisir !",
    "praise": "merci pour ce gentil message, nous le transmettons à l'équipe !",
}


def translate(apps, schema_editor):
    apps.get_model("social", "ReplyTemplate").objects.filter(language="fr").update(**FRENCH)


class Migration(migrations.Migration):
    dependencies = [
        ("social", "0006_webhook_deliveries"),
    ]

    operations = [
        migrations.AddField(
            model_name="replytemplate",
            name="praise",
            field=models.CharField(
                default="thank you for the kind words, we'll pass them on to the team!",
                help_text="The reply to praise (no article needed).",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="replytemplate",
            name="question",
            field=models.CharField(
                default="happy to help!",
                help_text="Lead-in of an answer to a question.",
                max_length=100,
            ),
        ),
        migrations.RunPython(translate, migrations.RunPython.noop),
    ]
