"""The social demo: complaints, an outage cluster, drafts and answered ones; idempotent."""

import io

import pytest
from django.core.management import call_command

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
