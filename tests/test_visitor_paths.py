"""Whatever a visitor puts in /social/r/<token>/ or /accounts/u/<name>/ gives a page, never a
500 (NUL bytes on PostgreSQL, broken UTF-8, very long or odd text)."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from social.models import Complaint, Reply

ANY_SEGMENT = st.one_of(st.text(min_size=1), st.binary(min_size=1)).map(
    lambda value: quote(value, safe="")
)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def sent_reply(bounce_article, customer):
    complaint = Complaint.objects.create(
        network="x", external_id="1", author_handle="bob", text="bounce", created_at=timezone.now()
    )
    return Reply.objects.create(
        complaint=complaint, article=bounce_article, text="See", state=Reply.State.SENT
    )


@SETTINGS
@given(ANY_SEGMENT)
@example("a%00b")
@example("%ED%A0%80")
def test_any_click_token_gives_a_page(client, sent_reply, token):
    cache.clear()  # stay under the per-address click limit
    assert client.get(f"/social/r/{token}/").status_code in (302, 404)
    assert client.get(f"/social/r/{sent_reply.token}/").status_code == 302


@SETTINGS
@given(ANY_SEGMENT)
@example("carol%00")
@example("%00")
def test_any_profile_name_gives_a_page(client, customer, name):
    response = client.get(f"/accounts/u/{name}/")
    assert response.status_code == (200 if name == "carol" else 404)
