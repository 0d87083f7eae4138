"""The matcher follows the knowledge base: publish, edit and unpublish are reflected at once."""

import io

import pytest
from django.core.management import call_command

from social import article_index
from tests import factories


@pytest.mark.django_db
def test_complaint_finds_the_article_through_its_symptoms(bounce_article):
    results = article_index.suggest_articles("@nimbus help, my mails bounce since this morning!!")
    article, match = results[0]
    assert article == bounce_article
    assert 0 < match.score <= 1


@pytest.mark.django_db
def test_index_follows_publish_edit_and_unpublish(email_category, bounce_article):
    article_index.get_matcher()  # built now; later changes arrive through signals
    quota = factories.make_article(
        email_category, "Mailbox full", symptoms=["mailbox quota exceeded"], tags=["quota"]
    )
    assert article_index.suggest_articles("mailbox quota exceeded")[0][0] == quota

    quota.title = "Your mailbox is over its storage quota"
    quota.symptoms = "cannot receive mail storage limit"
    factories.publish(quota)
    assert article_index.suggest_articles("storage limit reached")[0][0] == quota

    quota.unpublish()
    found = [a for a, _ in article_index.suggest_articles("mailbox storage quota")]
    assert quota not in found


@pytest.mark.django_db
def test_rebuild_command_counts_live_articles(bounce_article, email_category):
    factories.make_article(email_category, "Draft", live=False)
    out = io.StringIO()
    call_command("rebuild_matcher_index", stdout=out)
    assert "1 articles" in out.getvalue()


@pytest.mark.django_db
def test_article_vectors_are_stored_once_and_reused(email_category, bounce_article):
    from social.models import TextVector

    matcher = article_index.get_matcher()
    assert matcher.semantic is not None
    stored = TextVector.objects.count()
    assert stored >= 2  # title, title + body, symptoms
    encoded = matcher.semantic.encoded
    article_index.reset()
    again = article_index.get_matcher()  # another worker: every vector comes from the database
    assert again.semantic.encoded == 0 and TextVector.objects.count() == stored
    article_index.rebuild()
    assert again.semantic.encoded == 0 and encoded == stored

    bounce_article.symptoms += "\nmy emails are sent back to me"  # a new phrasing: one new text
    factories.publish(bounce_article)
    assert again.semantic.encoded == 1 and TextVector.objects.count() == stored + 1
    found = article_index.suggest_articles("every message I send is returned to me")
    assert found[0][0] == bounce_article
