"""Every moderation action through HTTP and its log; bans, first posts, link and rate limits."""

from django.core import mail
from django.urls import reverse
from wagtail.models import Workflow, WorkflowState

from kb import roles
from kb.forum import services
from kb.forum.models import Flag, ForumBan, ForumSection, ModerationLog, Post, Topic
from kb.models import ArticlePage
from tests import factories
from tests.forum.conftest import login


def last_log():
    return ModerationLog.objects.first()


def test_flag_queue_and_hiding_a_spam_reply(client, topic, member, other_member, moderator):
    spam = services.add_reply(other_member, topic, "Cheap pills at https://spam.example")
    login(client, member)
    client.post(reverse("forum:flag", args=[spam.pk]), {"reason": "spam", "note": "ad"})
    assert Flag.objects.get(post=spam).reason == "spam"

    login(client, moderator)
    queue = client.get(reverse("forum:moderation")).content.decode()
    assert "Cheap pills" in queue and "Spam" in queue
    client.post(reverse("forum:hide_post", args=[spam.pk]), {"reason": "advertising"})
    spam.refresh_from_db()
    assert spam.hidden and spam.hidden_reason == "advertising" and spam.hidden_by == moderator
    assert Post.objects.filter(pk=spam.pk).exists()  # kept, not deleted
    assert not Flag.objects.filter(post=spam, resolved=False).exists()
    log = last_log()
    assert (log.actor, log.action, log.target_type, log.target_id, log.reason) == (
        moderator,
        "hide",
        "post",
        spam.pk,
        "advertising",
    )

    login(client, member)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Cheap pills" not in page and "This post was hidden by a moderator." in page

    login(client, moderator)
    client.post(reverse("forum:unhide_post", args=[spam.pk]), {"reason": "false alarm"})
    spam.refresh_from_db()
    assert not spam.hidden and last_log().action == "unhide"


def test_dismissing_reports(client, topic, member, other_member, moderator):
    reply = services.add_reply(other_member, topic, "A fair answer.")
    services.flag_post(member, reply, "off-topic")
    login(client, moderator)
    client.post(reverse("forum:dismiss_flags", args=[reply.pk]), {"next": "queue"})
    assert not Flag.objects.filter(resolved=False).exists()
    assert last_log().action == "dismiss-flags"


def test_lock_pin_move(client, topic, member, moderator, general_section):
    login(client, moderator)
    client.post(reverse("forum:lock_topic", args=[topic.pk]), {"value": "1"})
    client.post(reverse("forum:pin_topic", args=[topic.pk]), {"value": "1"})
    client.post(reverse("forum:move_topic", args=[topic.pk]), {"section": general_section.pk})
    topic.refresh_from_db()
    assert topic.is_locked and topic.is_pinned and topic.section == general_section
    actions = list(ModerationLog.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["lock", "pin", "move"]
    assert last_log().reason == "email → general"

    login(client, member)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Hello?"})
    assert response.status_code == 403
    assert client.get(reverse("forum:edit_post", args=[topic.question_id])).status_code == 403

    login(client, moderator)
    client.post(reverse("forum:lock_topic", args=[topic.pk]), {"value": "0"})
    client.post(reverse("forum:pin_topic", args=[topic.pk]), {"value": "0"})
    topic.refresh_from_db()
    assert not topic.is_locked and not topic.is_pinned
    assert [e.action for e in ModerationLog.objects.all()[:2]] == ["unpin", "unlock"]


def test_merge_a_duplicate(client, topic, member, other_member, moderator, email_section):
    duplicate = services.create_topic(other_member, email_section, "Mails bouncing", "Same here")
    services.toggle_me_too(moderator, duplicate)
    login(client, moderator)
    response = client.post(reverse("forum:merge_topic", args=[duplicate.pk]), {"target": topic.pk})
    assert response["Location"] == topic.get_absolute_url()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == topic and not duplicate.is_public
    assert set(topic.posts.values_list("body_markdown", flat=True)) >= {"Same here"}
    assert topic.subscriptions.filter(user=other_member).exists()
    assert topic.me_toos.filter(user=moderator).exists()
    assert client.get(duplicate.get_absolute_url())["Location"] == topic.get_absolute_url()
    assert (last_log().action, last_log().target_id) == ("merge", duplicate.pk)
    # A topic cannot merge into itself.
    assert (
        client.post(reverse("forum:merge_topic", args=[topic.pk]), {"target": topic.pk}).status_code
        == 400
    )


def test_banned_user_cannot_post_until_unbanned(
    client, topic, member, other_member, moderator, email_section
):
    login(client, moderator)
    client.post(reverse("forum:ban_user", args=[other_member.pk]), {"reason": "spam", "days": "3"})
    ban = ForumBan.objects.get(user=other_member)
    assert ban.until is not None and ban.by == moderator
    assert last_log().action == "ban" and "3 days" in last_log().reason

    login(client, other_member)
    reply_count = Post.objects.count()
    posting = [
        ("post", reverse("forum:reply", args=[topic.pk]), {"body": "I am back"}),
        (
            "post",
            reverse("forum:ask"),
            {"title": "Another spam title", "section": email_section.pk, "body": "x"},
        ),
        ("get", reverse("forum:ask"), {}),
        ("post", reverse("forum:edit_post", args=[topic.question_id]), {"body": "x"}),
        ("post", reverse("forum:me_too", args=[topic.pk]), {}),
        ("post", reverse("forum:flag", args=[topic.question_id]), {"reason": "spam"}),
        ("post", reverse("forum:helpful", args=[topic.question_id]), {}),
        ("post", reverse("forum:subscription", args=[topic.pk]), {"subscribe": "1"}),
    ]
    for method, url, data in posting:
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
    assert "suspended" in response.content.decode()
    assert Post.objects.count() == reply_count

    login(client, moderator)
    client.post(reverse("forum:unban_user", args=[other_member.pk]), {"reason": "appeal"})
    assert last_log().action == "unban"
    login(client, other_member)
    assert (
        client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Sorry."}).status_code == 302
    )


def test_permanent_ban(client, moderator, member):
    login(client, moderator)
    client.post(reverse("forum:ban_user", args=[member.pk]), {"reason": "abuse"})
    assert ForumBan.objects.active().get(user=member).until is None
    assert "permanent" in last_log().reason
    assert (
        client.post(reverse("forum:ban_user", args=[member.pk]), {"reason": ""}).status_code == 400
    )


def test_first_post_waits_for_approval(
    client, topic, moderator, django_capture_on_commit_callbacks
):
    newcomer = factories.make_user("newbie", roles.CUSTOMERS)
    login(client, newcomer)
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Me too, any idea?"})
    held = Post.objects.get(body_markdown="Me too, any idea?")
    assert not held.approved
    assert "Me too, any idea?" in client.get(topic.get_absolute_url()).content.decode()
    client.logout()
    assert "Me too, any idea?" not in client.get(topic.get_absolute_url()).content.decode()
    assert mail.outbox == []

    login(client, moderator)
    assert "Me too, any idea?" in client.get(reverse("forum:moderation")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:approve_post", args=[held.pk]), {"next": "queue"})
    held.refresh_from_db()
    assert held.approved and last_log().action == "approve"
    assert [m.to[0] for m in mail.outbox] == [topic.author.email]
    # Once one post is approved, the next one is shown at once.
    login(client, newcomer)
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Found it, thanks."})
    assert Post.objects.get(body_markdown="Found it, thanks.").approved


def test_new_member_question_is_held_and_hidden_from_lists(client, email_section, moderator):
    newcomer = factories.make_user("newbie", roles.CUSTOMERS)
    login(client, newcomer)
    client.post(
        reverse("forum:ask"),
        {"title": "How do I add a domain?", "section": email_section.pk, "body": "Help"},
    )
    topic = Topic.objects.get(title="How do I add a domain?")
    assert not topic.is_public
    assert client.get(topic.get_absolute_url()).status_code == 200  # the author sees it
    client.logout()
    assert "How do I add a domain?" not in client.get(reverse("forum:index")).content.decode()
    assert client.get(topic.get_absolute_url(), follow=True).status_code == 404
    login(client, moderator)
    client.post(reverse("forum:approve_post", args=[topic.question_id]))
    topic.refresh_from_db()
    assert topic.is_public


def test_new_accounts_may_post_at_most_two_links(client, topic):
    newcomer = factories.make_user("newbie", roles.CUSTOMERS)
    login(client, newcomer)
    body = "See https://a.example and https://b.example and https://c.example"
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": body})
    assert response.status_code == 400
    assert "at most 2 links" in response.content.decode()
    assert not Post.objects.filter(body_markdown=body).exists()
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": "See https://a.example"})
    assert Post.objects.filter(body_markdown="See https://a.example").exists()


def test_established_members_may_post_more_links(client, topic, other_member):
    login(client, other_member)
    body = "See https://a.example and https://b.example and https://c.example"
    assert client.post(reverse("forum:reply", args=[topic.pk]), {"body": body}).status_code == 302


def test_new_accounts_are_rate_limited(client, email_section):
    newcomer = factories.make_user("newbie", roles.CUSTOMERS)
    login(client, newcomer)
    statuses = [
        client.post(
            reverse("forum:ask"),
            {"title": f"Question number {n}", "section": email_section.pk, "body": "Help"},
        ).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    assert Topic.objects.filter(author=newcomer).count() == 5


def test_replies_rate_limit_is_per_user(client, topic, other_member):
    newcomer = factories.make_user("newbie", roles.CUSTOMERS)
    login(client, newcomer)
    for n in range(20):
        assert (
            client.post(reverse("forum:reply", args=[topic.pk]), {"body": f"n{n}"}).status_code
            == 302
        )
    assert (
        client.post(reverse("forum:reply", args=[topic.pk]), {"body": "one more"}).status_code
        == 429
    )
    login(client, other_member)  # another member is not affected
    assert client.post(reverse("forum:reply", args=[topic.pk]), {"body": "mine"}).status_code == 302


def solved(topic, moderator):
    answer = services.add_reply(
        moderator, topic, "Point your **MX record** to mail.nimbus.example."
    )
    services.mark_solution(topic, answer)
    return answer


def test_promote_a_solved_topic_to_a_draft_article(client, topic, moderator, email_category):
    login(client, moderator)
    response = client.post(
        reverse("forum:promote", args=[topic.pk]), {"category": email_category.pk}
    )
    assert response.status_code == 400  # not solved yet
    solved(topic, moderator)
    client.post(reverse("forum:promote", args=[topic.pk]), {"category": email_category.pk})
    article = ArticlePage.objects.get(title="My mails bounce since Monday")
    assert not article.live and article.get_parent().specific == email_category
    assert article.summary == "Every mail I send comes back."
    assert "<strong>MX record</strong>" in str(article.body[0].value)
    assert article.symptom_list == ["My mails bounce since Monday", "Every mail I send comes back."]
    assert [t.name for t in article.tags.all()] == ["from-forum"]
    assert article.revisions.count() == 1 and article.get_latest_revision().user == moderator
    topic.refresh_from_db()
    assert topic.promoted_article_id == article.pk
    assert (last_log().action, last_log().target_id) == ("promote", topic.pk)
    assert "became an article" not in client.get(topic.get_absolute_url()).content.decode()
    factories.publish(article)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "This question became an article:" in page and article.url in page


def test_promoted_article_enters_the_workflow(topic, moderator, email_category, help_center):
    from kb.forum.promotion import promote_to_article

    workflow = Workflow.objects.get(name="Moderators approval")
    workflow.workflow_pages.create(page=help_center)
    solved(topic, moderator)
    article = promote_to_article(topic, email_category, moderator)
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(article.pk))
    assert state.workflow == workflow and state.status == WorkflowState.STATUS_IN_PROGRESS


def test_moderators_edit_sections_in_the_wagtail_admin(client, moderator, customer):
    login(client, moderator)
    response = client.post(
        "/admin/snippets/forum/forumsection/add/",
        {"name": "Security", "slug": "security", "description": "2FA, passwords", "order": 6},
    )
    assert response.status_code == 302
    assert ForumSection.objects.filter(slug="security").exists()
    login(client, customer)
    assert client.get("/admin/snippets/forum/forumsection/").status_code == 302  # no admin access


def test_hiding_the_accepted_answer_unsolves_the_topic(
    client, topic, member, other_member, moderator
):
    answer = services.add_reply(other_member, topic, "Your MX records point to the old host.")
    solved_list = reverse("forum:index") + "?filter=solved"
    login(client, member)
    client.post(reverse("forum:solve", args=[answer.pk]))
    assert Topic.objects.get(pk=topic.pk).is_solved
    assert topic.title in client.get(solved_list).content.decode()

    login(client, moderator)
    client.post(reverse("forum:hide_post", args=[answer.pk]), {"reason": "wrong and rude"})
    topic.refresh_from_db()
    assert topic.solution is None and not topic.is_solved
    assert topic.title not in client.get(solved_list).content.decode()
