"""Readers and writers: comments after "No" for moderators, the next step after "No",
following an article, and the Markdown live preview."""

from django.core import mail
from django.urls import reverse

from kb.editing import edits, feedback
from kb.editing.edits import ArticleChanges
from kb.editing.markdown_blocks import markdown_to_body
from kb.markup import render_markdown
from tests.factories import make_article, publish


def vote(client, page, **data):
    return client.post(reverse("editing:feedback", args=[page.pk]), data)


def test_comments_after_no_are_shown_to_moderators_newest_first(
    client, admin_client, bounce_article, moderator
):
    vote(client.__class__(), bounce_article, helpful="no", reason="outdated", comment="Old MX host")
    vote(client.__class__(), bounce_article, helpful="no", reason="unclear", comment="<b>Lost</b>")
    vote(client.__class__(), bounce_article, helpful="yes", comment="Not shown: a yes")
    assert [c.comment for c in feedback.comments(bounce_article)] == ["<b>Lost</b>", "Old MX host"]

    client.force_login(moderator)
    for url in (reverse("editing:least_helpful"), reverse("editing:review_queue")):
        html = client.get(url).content.decode()
        assert "2 reader comments" in html
        assert html.index("&lt;b&gt;Lost&lt;/b&gt;") < html.index("Old MX host")  # escaped
        assert "Unclear" in html and "Outdated" in html and "Not shown" not in html

    admin_html = admin_client.get(f"/admin/pages/{bounce_article.pk}/edit/").content.decode()
    assert admin_html.index("&lt;b&gt;Lost&lt;/b&gt;") < admin_html.index("Old MX host")


def test_after_no_the_reader_gets_related_articles_and_the_forum(
    client, email_category, bounce_article
):
    related = make_article(email_category, "Set up SPF and DKIM")
    bounce_article.related_articles.add(related)
    publish(bounce_article)
    html = client.get(bounce_article.url).content.decode()
    assert "What next?" not in html

    vote(client, bounce_article, helpful="no", reason="did_not_work")
    html = client.get(bounce_article.url).content.decode()
    next_steps = html.split('class="next-steps"', 1)[1].split("</div>", 1)[0]
    assert related.url in next_steps
    ask_url = f"{reverse('forum:ask')}?about={bounce_article.pk}"
    assert ask_url in next_steps

    other = client.__class__()
    vote(other, bounce_article, helpful="yes")
    assert "next-steps" not in other.get(bounce_article.url).content.decode()


def test_ask_the_community_starts_from_the_article(client, bounce_article, customer):
    client.force_login(customer)
    html = client.get(f"{reverse('forum:ask')}?about={bounce_article.pk}").content.decode()
    assert f"I read “{bounce_article.title}” ({bounce_article.get_full_url()})" in html
    assert client.get(f"{reverse('forum:ask')}?about=nope").status_code == 200
    html = client.get(f"{reverse('forum:ask')}?q=my+mails+bounce").content.decode()
    assert 'value="my mails bounce"' in html


def test_followers_get_an_email_when_the_article_changes(
    client, bounce_article, customer, trusted_editor
):
    client.force_login(customer)
    follow_url = reverse("editing:follow", args=[bounce_article.pk])
    assert client.get(follow_url).status_code == 405
    client.post(follow_url, {"follow": "1"})
    html = client.get(bounce_article.url).content.decode()
    assert 'aria-pressed="true"' in html.split("follow-button", 1)[1][:200]
    client.force_login(trusted_editor)
    client.post(follow_url, {"follow": "1"})

    mail.outbox.clear()
    changes = ArticleChanges(
        title=bounce_article.title,
        summary="New summary",
        body="## Check your MX records\n\nThey must point to mail.nimbus.example.",
        tags=["email"],
        symptoms="",
        edit_summary="Clearer",
    )
    base = edits.current_revision(bounce_article).pk
    edits.submit_edit(bounce_article, trusted_editor, changes, base)
    assert [message.to for message in mail.outbox] == [[customer.email]]  # not the editor
    assert bounce_article.title in mail.outbox[0].subject
    assert bounce_article.url in mail.outbox[0].body

    client.force_login(customer)
    client.post(follow_url, {"follow": "0"})
    mail.outbox.clear()
    publish(bounce_article)
    assert [message.to for message in mail.outbox] == [[trusted_editor.email]]


def test_preview_renders_like_the_published_page(client, customer, bounce_article):
    url = reverse("markdown_preview")
    text = (
        "## Check\n\n1. Open the panel\n2. Save\n\n```\ndig MX example.com\n```\n<script>x</script>"
    )
    assert client.post(url, {"kind": "article", "text": text}).status_code == 302  # log in first
    client.force_login(customer)
    assert client.get(url).status_code == 405
    assert client.post(url, {"kind": "other", "text": text}).status_code == 400

    preview = client.post(url, {"kind": "article", "text": text}).content.decode()
    assert '<ol class="steps">' in preview and "dig MX example.com" in preview
    assert "<script" not in preview

    bounce_article.body = markdown_to_body(text)
    publish(bounce_article)
    page_html = client.get(bounce_article.url).content.decode()
    body = page_html.split('<div class="article-body">', 1)[1].split("</div>\n  </div>", 1)[0]
    assert " ".join(preview.split()) == " ".join(body.split())

    post = client.post(url, {"kind": "post", "text": "**hi** [x](javascript:alert(1))"})
    assert post.content.decode() == str(render_markdown("**hi** [x](javascript:alert(1))"))
    assert "javascript" not in post.content.decode()
