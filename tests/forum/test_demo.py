"""The demo forum loads once, and the demo question flow works on it."""

import io

from django.urls import reverse

from kb import roles
from kb.forum import demo
from kb.forum.models import Flag, ForumSection, MeToo, Post, Topic
from tests import factories


def test_demo_is_idempotent_and_complete(client, bounce_article):
    for username, group in [("customer", roles.CUSTOMERS), ("editor", roles.TRUSTED_EDITORS)]:
        factories.make_user(username, group)
    factories.make_user("moderator", roles.MODERATORS)
    demo.load(io.StringIO())
    counts = (ForumSection.objects.count(), Topic.objects.count(), Post.objects.count())
    demo.load(io.StringIO())
    assert (ForumSection.objects.count(), Topic.objects.count(), Post.objects.count()) == counts
    assert counts[0] == 5 and counts[1] == 8
    assert Topic.objects.public().count() == 8
    assert Topic.objects.filter(is_solved=True).count() == 2
    assert MeToo.objects.exists()
    spam = Flag.objects.get(reason="spam").post
    assert spam.author.username == "bestdeals" and "deals.example" in spam.body_markdown

    data = client.get(reverse("forum:ask_suggest"), {"q": "my mails bounce"}).json()
    assert data["articles"][0]["title"] == "Why do my e-mails bounce?"
    assert data["topics"][0]["title"] == "My mails bounce with 550 5.1.1"
    assert client.login(username="jules", password=demo.PASSWORD)
