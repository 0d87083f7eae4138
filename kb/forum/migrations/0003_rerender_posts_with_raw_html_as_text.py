"""Render every post again: raw HTML in the Markdown is now shown as text, not dropped."""

from django.db import migrations

from kb.markup import render_markdown


def rerender(apps, schema_editor):
    Post = apps.get_model("forum", "Post")
    for post in Post.objects.filter(body_markdown__contains="<").iterator():
        post.body_html = render_markdown(post.body_markdown)
        post.save(update_fields=["body_html"])


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_moderators_edit_sections")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
