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
