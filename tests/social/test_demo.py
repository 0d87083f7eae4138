"""The social demo: complaints, an outage cluster, drafts and answered ones; idempotent."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from kb.models import SearchQuery
from social import metrics
from social.models import Complaint, Reply

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_clusters_drafts_and_metrics():
    call_command("load_demo", stdout=io.StringIO())
    complaints, replies = Complaint.objects.count(), Reply.objects.count()
    assert complaints == 30
    outage = Complaint.objects.get(external_id="demo-1").cluster
    assert outage is not None and outage.complaints.count() >= 6
    assert Reply.objects.filter(state="sent").count() == 3
    assert Reply.objects.filter(state="draft").count() >= 10
    assert metrics.response_times()["answered"] == 3
    assert Complaint.objects.filter(text__contains="<script>").exists()
    call_command("load_demo", stdout=io.StringIO())
    assert (Complaint.objects.count(), Reply.objects.count()) == (complaints, replies)


def test_demo_searches_show_in_the_content_gap_report(client):
    """Site searches that found nothing good are there for the moderator, with their count and
    the synonym link; those that found their article are not; loading again adds none."""
    call_command("load_demo", stdout=io.StringIO())
    searches = SearchQuery.objects.count()
    assert client.login(username="moderator", password="onereply-demo")
    page = client.get(reverse("social:gaps"))
    gaps = [g for g in page.context["groups"] if g.top_search]
    tops = {(g.top_search.text, g.top_search.language): g for g in gaps}
    linux = tops[("nimbus drive linux", "en")]
    assert linux.top_search.count == 3 and linux.synonym_link
    assert ("node.js hosting", "en") in tops and ("my mails bounce", "en") not in tops
    assert "nimbus drive linux" in page.content.decode()
    call_command("load_demo", stdout=io.StringIO())
    assert SearchQuery.objects.count() == searches
