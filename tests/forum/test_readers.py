"""The forum in the visitor's language: relative times with "ago" / "il y a", and the state of
"I have this problem too"."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from kb.forum.models import Topic
from tests.forum.conftest import login, make_member


def test_times_say_ago_in_english_and_il_y_a_in_french(client, topic):
    Topic.objects.filter(pk=topic.pk).update(last_activity=timezone.now() - timedelta(hours=21))
    topic.question.__class__.objects.filter(pk=topic.question_id).update(
        created=timezone.now() - timedelta(hours=21)
    )
    assert "21\xa0hours ago" in client.get(reverse("forum:index")).content.decode()
    assert "21\xa0hours ago" in client.get(topic.get_absolute_url()).content.decode()
    client.get(reverse("forum:index") + "?lang=fr")
    assert "il y a 21\xa0heures" in client.get(reverse("forum:index")).content.decode()
    assert "il y a 21\xa0heures" in client.get(topic.get_absolute_url()).content.decode()


def test_me_too_shows_its_state_and_count(client, topic, welcome):
    others = [make_member(f"user{n}", welcome) for n in range(3)]
    for other in others:
        login(client, other).post(reverse("forum:me_too", args=[topic.pk]))
    me = make_member("me", welcome)
    login(client, me)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert 'aria-pressed="false"' in html.split('class="secondary me-too"', 1)[1][:60]
    assert "3 people have this problem too" in html

    client.post(reverse("forum:me_too", args=[topic.pk]))
    html = client.get(topic.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in html.split('class="secondary me-too"', 1)[1][:60]
    assert "You and 3 others have this problem" in html
    client.get(topic.get_absolute_url() + "?lang=fr")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Vous et 3 autres personnes avez ce problème" in html

    client.post(reverse("forum:me_too", args=[topic.pk]))
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "3 personnes ont aussi ce problème" in html
