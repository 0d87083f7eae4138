"""'Was this helpful?': once per visitor, reasons, counts in the admin, least helpful list."""

from django.urls import reverse

from kb.editing import feedback
from kb.editing.models import ArticleFeedback
from tests.factories import make_article


def vote(client, page, **data):
    return client.post(reverse("editing:feedback", args=[page.pk]), data)


def test_once_per_visitor_per_article(client, bounce_article):
    page_html = client.get(bounce_article.url).content.decode()
    assert "Was this helpful?" in page_html
    assert vote(client, bounce_article, helpful="yes").status_code == 302
    assert vote(client, bounce_article, helpful="no", reason="unclear").status_code == 302
    assert ArticleFeedback.objects.filter(page=bounce_article).count() == 1
    assert "Thank you for your feedback!" in client.get(bounce_article.url).content.decode()

    other_visitor = client.__class__()
    vote(other_visitor, bounce_article, helpful="no", reason="outdated", comment="Old MX host")
    assert feedback.counts(bounce_article) == {"yes": 1, "no": 1, "reasons": {"Outdated": 1}}
    assert ArticleFeedback.objects.get(helpful=False).comment == "Old MX host"


def test_logged_in_users_answer_once_across_sessions(client, bounce_article, customer):
    client.force_login(customer)
    vote(client, bounce_article, helpful="yes")
    client.logout()
    client.force_login(customer)
    vote(client, bounce_article, helpful="no")
    assert ArticleFeedback.objects.filter(page=bounce_article, user=customer).count() == 1


def test_invalid_answers_are_refused(client, bounce_article):
    vote(client, bounce_article, helpful="maybe")
    vote(client, bounce_article, helpful="no", reason="<script>")
    assert not ArticleFeedback.objects.exists()


def test_anonymous_feedback_is_rate_limited_per_address(client, email_category):
    articles = [make_article(email_category, f"Article {n}") for n in range(31)]
    statuses = [vote(client.__class__(), page, helpful="yes").status_code for page in articles]
    assert statuses[:30] == [302] * 30 and statuses[30] == 429


def test_least_helpful_articles_for_moderators(client, email_category, bounce_article, moderator):
    fine = make_article(email_category, "Fine article")
    for helpful in (True, True, False):
        vote(client.__class__(), fine, helpful="yes" if helpful else "no")
    for helpful in (False, False):
        vote(client.__class__(), bounce_article, helpful="yes" if helpful else "no")
    assert [page.title for page in feedback.least_helpful()] == [
        bounce_article.title,
        "Fine article",
    ]
    client.force_login(moderator)
    html = client.get(reverse("editing:least_helpful")).content.decode()
    assert html.index(bounce_article.title) < html.index("Fine article")


def test_counts_on_the_article_admin_page(admin_client, bounce_article):
    vote(admin_client.__class__(), bounce_article, helpful="no", reason="did_not_work")
    html = admin_client.get(f"/admin/pages/{bounce_article.pk}/edit/").content.decode()
    assert "helpful 0 times, not helpful 1 times" in html
    assert "It didn&#x27;t work: 1" in html
