"""One content-gap report: searches without a good result, Ask questions posted anyway and
complaints without a confident match, grouped, with "write the article" and a safe CSV."""

import csv
import io
from html import escape as html_escape

import pytest
from django.urls import reverse

from kb import roles
from kb.forum import services
from kb.forum.models import AskAttempt, ForumSection
from kb.models import ArticlePage, SearchSynonym
from social import gaps
from social.dashboard_views import SYNONYM_ADD
from social.models import Complaint, Suggestion
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "pass-for-tests-123"


@pytest.fixture
def teleporter_gaps(client, kb, make_complaint):
    """The same missing article, met through each channel."""
    client.get("/en/search/", {"q": "teleporter firmware"}, REMOTE_ADDR="10.0.0.1")
    client.get("/en/search/", {"q": "teleporter firmware"}, REMOTE_ADDR="10.0.0.2")
    client.get("/en/search/", {"q": "teleporter firmware"}, REMOTE_ADDR="10.0.0.2")  # same day
    asker = factories.make_user("quinn", roles.CUSTOMERS)
    section = ForumSection.objects.create(name="General", slug="general")
    topic = services.create_topic(asker, section, "Teleporter firmware fails", "Any idea?")
    topic.question.approved = True
    topic.question.save()
    topic.save()
    AskAttempt.objects.create(session_key="s", query=topic.title, topic=topic)
    complaint = make_complaint("quantum teleporter firmware crashes on linux", handle="lin")
    return topic, complaint


def test_searches_questions_and_complaints_are_one_group(teleporter_gaps):
    topic, complaint = teleporter_gaps
    [group] = [g for g in gaps.groups() if "teleporter" in g.label.lower()]
    assert (group.searches, group.questions, len(group.complaints)) == (2, 1, 1)
    assert group.total == 4 and group.languages == ["en"]
    urls = {item.url for item in group.items}
    assert topic.get_absolute_url() in urls
    assert reverse("social:complaint", args=[complaint.pk]) in urls
    assert "/en/search/?q=teleporter+firmware" in urls


def test_a_complaint_whose_group_has_a_confident_answer_is_not_a_gap(kb, make_complaint):
    texts = ["site down 502 again", "my site is down, 502 bad gateway", "502 site down??"]
    members = [make_complaint(t, handle=f"u{i}", minutes_ago=30 - i) for i, t in enumerate(texts)]
    assert len({Complaint.objects.get(pk=m.pk).cluster_id for m in members}) == 1
    alone = make_complaint("quantum teleporter firmware crashes on linux", handle="lin")
    Suggestion.objects.update(confident=False)
    assert set(gaps.gap_complaints()) == {*members, alone}  # nobody has an answer

    Suggestion.objects.filter(complaint=members[1], rank=1).update(confident=True)
    assert set(gaps.gap_complaints()) == {alone}  # the group is answered with one article


def test_moderator_writes_the_article_from_a_group_in_one_click(
    client, moderator, teleporter_gaps, kb
):
    client.login(username=moderator.username, password=PASSWORD)
    page = client.get(reverse("social:gaps"))
    html = page.content.decode()
    assert "2 searches" in html and "1 forum question" in html and "1 complaint" in html
    assert "Write the article" in html
    [group] = [g for g in page.context["groups"] if "teleporter" in g.label.lower()]
    form = {
        "title": group.label,
        "category": kb["bounce"].get_parent().pk,
        "complaint": [i.complaint_id for i in group.items if i.complaint_id],
        "phrase": [i.text for i in group.items if not i.complaint_id],
    }
    response = client.post(reverse("social:write_article"), form)
    assert response.status_code == 302
    article = ArticlePage.objects.get(title=group.label)
    assert not article.live
    assert set(article.symptom_list) == {
        "teleporter firmware",
        "teleporter firmware fails",
        "quantum teleporter firmware crashes on linux",
    }


def test_community_managers_see_the_list_without_the_write_form(
    client, community_manager, teleporter_gaps
):
    client.login(username=community_manager.username, password=PASSWORD)
    html = client.get(reverse("social:gaps")).content.decode()
    assert "teleporter firmware" in html
    assert "Write the article" not in html


def test_csv_export_neutralises_formulas(client, moderator, kb):
    for query in ("=1+2", "@SUM(1)", "-2", "+3", "\tx", "harmless teleporter"):
        client.get("/en/search/", {"q": query})
    client.login(username=moderator.username, password=PASSWORD)
    response = client.get(reverse("social:gaps"), {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["label", "total", "searches"]
    labels = {row[0] for row in rows[1:]}
    assert {"'=1+2", "'@SUM(1)", "'-2", "'+3", "harmless teleporter"} <= labels
    assert not any(label.startswith(("=", "+", "-", "@", "\t", "\r")) for label in labels)


def test_moderator_adds_a_search_synonym_from_a_group_in_one_click(
    client, moderator, community_manager, teleporter_gaps
):
    client.login(username=community_manager.username, password=PASSWORD)
    assert "Add a search synonym" not in client.get(reverse("social:gaps")).content.decode()

    client.login(username=moderator.username, password=PASSWORD)
    page = client.get(reverse("social:gaps"))
    [group] = [g for g in page.context["groups"] if "teleporter" in g.label.lower()]
    assert group.synonym_link.endswith("?language=en&phrase=teleporter+firmware")
    assert html_escape(group.synonym_link) in page.content.decode()

    form = client.get(group.synonym_link)
    assert form.status_code == 200
    fields = form.context["form"]
    assert (fields["language"].value(), fields["phrases"].value()) == ("en", "teleporter firmware")
    hostile = client.get(reverse(SYNONYM_ADD), {"language": "xx", "phrase": '<b>"a\x00b'})
    assert hostile.context["form"]["phrases"].value() == '<b>"ab'  # escaped by the form
    assert '<b>"ab' not in hostile.content.decode()

    saved = client.post(
        group.synonym_link, {"language": "en", "phrases": "transporter, teleporter"}
    )
    assert saved.status_code == 302
    assert SearchSynonym.objects.get().phrase_list() == ["transporter", "teleporter"]
