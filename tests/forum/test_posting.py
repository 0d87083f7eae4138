"""Members ask, reply, quote, edit, solve, vote and subscribe; everyone reads and searches."""

from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from kb.forum import services
from kb.forum.models import HelpfulVote, MeToo, Post, PostRevision, Subscription, Topic
from tests.forum.conftest import login


def test_member_asks_a_question_and_it_is_shown(client, member, email_section):
    login(client, member)
    response = client.post(
        reverse("forum:ask"),
        {
            "title": "DNS changes do not show up",
            "section": email_section.pk,
            "body": "I **changed** my A record.",
        },
    )
    topic = Topic.objects.get(title="DNS changes do not show up")
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert topic.is_public and topic.question.approved
    assert topic.question.body_html == "<p>I <strong>changed</strong> my A record.</p>"
    assert Subscription.objects.filter(topic=topic, user=member).exists()
    page = client.get(topic.get_absolute_url())
    assert b"<strong>changed</strong>" in page.content


def test_invalid_question_keeps_what_was_typed(client, member, email_section):
    login(client, member)
    response = client.post(
        reverse("forum:ask"),
        {"title": "short", "section": email_section.pk, "body": "My long text"},
    )
    assert response.status_code == 200
    assert "My long text" in response.content.decode()
    assert "errorlist" in response.content.decode()
    assert not Topic.objects.filter(title="short").exists()


def test_reply_and_quote(client, topic, other_member):
    login(client, other_member)
    response = client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Check your MX records."}
    )
    reply = Post.objects.get(body_markdown="Check your MX records.")
    assert response["Location"] == reply.get_absolute_url()
    page = client.get(topic.get_absolute_url(), {"quote": reply.pk}).content.decode()
    assert "&gt; Check your MX records." in page  # the reply box starts with the quote
    assert Subscription.objects.filter(topic=topic, user=other_member).exists()


def test_empty_reply_is_refused_with_an_error(client, topic, other_member):
    login(client, other_member)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": ""})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert topic.posts.count() == 1


def test_author_edits_with_history_and_edited_mark(client, topic, member):
    login(client, member)
    question = topic.question
    response = client.post(
        reverse("forum:edit_post", args=[question.pk]),
        {"title": "My mails bounce since Tuesday", "body": "Every mail comes back with 550."},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    question.refresh_from_db()
    assert topic.title == "My mails bounce since Tuesday"
    assert question.edited_at is not None
    revision = PostRevision.objects.get(post=question)
    assert revision.title == "My mails bounce since Monday"
    assert revision.body_markdown == "Every mail I send comes back."
    page = client.get(topic.get_absolute_url()).content.decode()
    assert reverse("forum:post_history", args=[question.pk]) in page and ">edited<" in page
    history = client.get(reverse("forum:post_history", args=[question.pk])).content.decode()
    assert "Every mail I send comes back." in history and "550" in history


def test_others_cannot_edit(client, topic, other_member):
    login(client, other_member)
    url = reverse("forum:edit_post", args=[topic.question_id])
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "vandalised"}).status_code == 403
    topic.question.refresh_from_db()
    assert topic.question.body_markdown == "Every mail I send comes back."


def test_asker_marks_the_answer_and_it_is_shown_first(
    client, topic, member, other_member, moderator
):
    first = services.add_reply(moderator, topic, "Have you tried turning it off?")
    answer = services.add_reply(other_member, topic, "Your MX record points to the old host.")
    login(client, member)
    client.post(reverse("forum:solve", args=[answer.pk]))
    topic.refresh_from_db()
    assert topic.solution == answer and topic.is_solved
    page = client.get(topic.get_absolute_url()).content.decode()
    assert page.index(f'id="post-{answer.pk}"') < page.index(f'id="post-{first.pk}"')
    assert "Accepted answer" in page
    # Marking it again clears it.
    client.post(reverse("forum:solve", args=[answer.pk]))
    topic.refresh_from_db()
    assert topic.solution is None and not topic.is_solved


def test_only_asker_or_moderator_marks_the_answer(client, topic, other_member, moderator):
    answer = services.add_reply(moderator, topic, "Fixed on our side.")
    login(client, other_member)
    assert client.post(reverse("forum:solve", args=[answer.pk])).status_code == 403
    login(client, moderator)
    client.post(reverse("forum:solve", args=[answer.pk]))
    topic.refresh_from_db()
    assert topic.solution == answer


def test_question_cannot_be_its_own_answer(client, topic, member):
    login(client, member)
    assert client.post(reverse("forum:solve", args=[topic.question_id])).status_code == 400


def test_me_too_and_helpful_votes(client, topic, member, other_member):
    login(client, other_member)
    client.post(reverse("forum:me_too", args=[topic.pk]))
    assert MeToo.objects.filter(topic=topic, user=other_member).exists()
    assert "You have this problem" in client.get(topic.get_absolute_url()).content.decode()
    client.post(reverse("forum:me_too", args=[topic.pk]))
    assert not MeToo.objects.filter(topic=topic).exists()

    reply = services.add_reply(member, topic, "Same here, and I found the fix.")
    client.post(reverse("forum:helpful", args=[reply.pk]))
    assert HelpfulVote.objects.filter(post=reply, user=other_member).count() == 1
    login(client, member)
    assert client.post(reverse("forum:helpful", args=[reply.pk])).status_code == 400
    assert HelpfulVote.objects.filter(post=reply).count() == 1


def test_subscribers_get_an_email_except_the_author(
    client, topic, member, other_member, moderator, django_capture_on_commit_callbacks
):
    services.subscribe(moderator, topic)
    login(client, other_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forum:reply", args=[topic.pk]), {"body": "Look at the bounce message."}
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [member.email, moderator.email]
    assert "My mails bounce since Monday" in mail.outbox[0].subject
    assert "Look at the bounce message." in mail.outbox[0].body

    mail.outbox.clear()
    login(client, member)
    client.post(reverse("forum:subscription", args=[topic.pk]), {"subscribe": "0"})
    login(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Solved on our side."})
    assert [m.to[0] for m in mail.outbox] == [other_member.email]


def test_search_and_listing_filters(client, topic, member, other_member, email_section, moderator):
    unanswered = services.create_topic(
        other_member, email_section, "Webmail login loops", "It asks again and again."
    )
    answer = services.add_reply(moderator, topic, "Fix your SPF record.")
    services.mark_solution(topic, answer)
    MeToo.objects.create(topic=unanswered, user=member)
    MeToo.objects.create(topic=unanswered, user=moderator)

    def titles(**params):
        response = client.get(reverse("forum:index"), params)
        return [t.title for t in response.context["topics"]]

    assert titles(q="bounce") == ["My mails bounce since Monday"]
    assert titles(q="webmail login") == ["Webmail login loops"]
    assert titles(filter="solved") == ["My mails bounce since Monday"]
    assert titles(filter="unanswered") == ["Webmail login loops"]
    assert titles(filter="metoo")[0] == "Webmail login loops"
    assert titles(filter="newest")[0] == "Webmail login loops"
    section_page = client.get(reverse("forum:section", args=["email"]))
    assert {t.title for t in section_page.context["topics"]} == {
        "My mails bounce since Monday",
        "Webmail login loops",
    }


def test_answers_by_lists_accepted_answers(topic, other_member):
    answer = services.add_reply(other_member, topic, "Renew the domain.")
    services.add_reply(other_member, topic, "Or wait a bit.")
    assert list(services.answers_by(other_member)) == []
    services.mark_solution(topic, answer)
    assert list(services.answers_by(other_member)) == [answer]


class TagCollector(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_no_active_content(html):
    parser = TagCollector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in {"iframe", "svg", "style", "img", "object", "embed"}, tag
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith(("javascript:", "data:")), (
                tag,
                name,
            )


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<svg onload="alert(1)"></svg>',
        '<iframe src="https://evil.example"></iframe>',
        '"><script>alert(1)</script>',
        "<style>body{display:none}</style>",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<p onclick="alert(1)">hi</p>',
    ],
)
def test_xss_corpus_in_titles_and_bodies(client, member, moderator, email_section, payload):
    login(client, member)
    client.post(
        reverse("forum:ask"),
        {"title": f"Question {payload}", "section": email_section.pk, "body": f"Body {payload}"},
    )
    topic = Topic.objects.get(title=f"Question {payload}")
    reply = services.add_reply(member, topic, f"Reply {payload}")
    services.edit_post(reply, member, f"Edited {payload}")
    services.flag_post(moderator, reply, "spam", note=payload)
    pages = [
        topic.get_absolute_url(),
        reverse("forum:index"),
        reverse("forum:index") + "?q=Question",
        reverse("forum:post_history", args=[reply.pk]),
    ]
    for url in pages:
        assert_no_active_content(client.get(url).content.decode())
    login(client, moderator)
    assert_no_active_content(client.get(reverse("forum:moderation")).content.decode())
    assert_no_active_content(client.get(topic.get_absolute_url()).content.decode())


def test_html_typed_in_a_reply_is_shown_as_text(client, topic, other_member):
    body = (
        "Paste <script src=https://cdn.example/a.js> in your <head>.\n\n"
        "Then a <textarea> and <!-- a comment -->.\n\nThe last paragraph stays."
    )
    login(client, other_member)
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": body})
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Paste &lt;script src=https://cdn.example/a.js&gt; in your &lt;head&gt;." in page
    assert "Then a &lt;textarea&gt; and &lt;!-- a comment --&gt;." in page
    assert "The last paragraph stays." in page
