"""Who may do what: anonymous visitors, customers and moderators × every forum action."""

import pytest
from django.test import Client
from django.urls import reverse

from kb import roles
from kb.forum import services
from kb.forum.models import ModerationLog, Post
from tests import factories
from tests.forum.conftest import login, make_member

OK, LOGIN, FORBIDDEN = "ok", "login", "forbidden"


@pytest.fixture
def world(topic, other_member, moderator, welcome, general_section, email_category):
    reply = services.add_reply(other_member, topic, "Check the MX record.")
    services.mark_solution(topic, reply)
    services.mark_solution(topic, reply)  # unmark: the moderator marks it in the matrix
    duplicate = services.create_topic(other_member, general_section, "Bounces again", "Dup")
    held = services.add_reply(factories.make_user("newbie", roles.CUSTOMERS), topic, "First!")
    return {
        "held": held,
        "topic": topic,
        "reply": reply,
        "duplicate": duplicate,
        "section": general_section,
        "category": email_category,
        "customer": make_member("cora", welcome),
        "moderator": moderator,
        "target_user": other_member,
    }


ACTIONS = {
    # name: (method, url(world), data(world), expected for anonymous, customer, moderator)
    "list": ("get", lambda w: reverse("forum:index"), {}, (OK, OK, OK)),
    "search": ("get", lambda w: reverse("forum:index") + "?q=mails", {}, (OK, OK, OK)),
    "section": ("get", lambda w: reverse("forum:section", args=["general"]), {}, (OK, OK, OK)),
    "read": ("get", lambda w: w["topic"].get_absolute_url(), {}, (OK, OK, OK)),
    "history": (
        "get",
        lambda w: reverse("forum:post_history", args=[w["reply"].pk]),
        {},
        (OK, OK, OK),
    ),
    "suggest": ("get", lambda w: reverse("forum:ask_suggest") + "?q=bounce", {}, (OK, OK, OK)),
    "ask form": ("get", lambda w: reverse("forum:ask"), {}, (LOGIN, OK, OK)),
    "ask": (
        "post",
        lambda w: reverse("forum:ask"),
        lambda w: {"title": "A brand new question", "section": w["section"].pk, "body": "Hi"},
        (LOGIN, OK, OK),
    ),
    "reply": (
        "post",
        lambda w: reverse("forum:reply", args=[w["topic"].pk]),
        {"body": "Thanks"},
        (LOGIN, OK, OK),
    ),
    "edit others' post": (
        "post",
        lambda w: reverse("forum:edit_post", args=[w["reply"].pk]),
        {"body": "Changed"},
        (LOGIN, FORBIDDEN, OK),
    ),
    "mark solution (not asker)": (
        "post",
        lambda w: reverse("forum:solve", args=[w["reply"].pk]),
        {},
        (LOGIN, FORBIDDEN, OK),
    ),
    "me too": (
        "post",
        lambda w: reverse("forum:me_too", args=[w["topic"].pk]),
        {},
        (LOGIN, OK, OK),
    ),
    "helpful": (
        "post",
        lambda w: reverse("forum:helpful", args=[w["reply"].pk]),
        {},
        (LOGIN, OK, OK),
    ),
    "subscribe": (
        "post",
        lambda w: reverse("forum:subscription", args=[w["topic"].pk]),
        {"subscribe": "1"},
        (LOGIN, OK, OK),
    ),
    "flag": (
        "post",
        lambda w: reverse("forum:flag", args=[w["reply"].pk]),
        {"reason": "spam"},
        (LOGIN, OK, OK),
    ),
    "moderation queue": (
        "get",
        lambda w: reverse("forum:moderation"),
        {},
        (FORBIDDEN,) * 2 + (OK,),
    ),
}
MODERATION = {
    "hide": ("hide_post", "reply", {"reason": "spam"}),
    "unhide": ("unhide_post", "reply", {}),
    "approve": ("approve_post", "held", {}),
    "dismiss flags": ("dismiss_flags", "reply", {}),
    "lock": ("lock_topic", "topic", {"value": "1"}),
    "pin": ("pin_topic", "topic", {"value": "1"}),
    "move": ("move_topic", "topic", lambda w: {"section": w["section"].pk}),
    "merge": ("merge_topic", "duplicate", lambda w: {"target": w["topic"].pk}),
    "ban": ("ban_user", "target_user", {"reason": "spam", "days": "1"}),
    "unban": ("unban_user", "target_user", {}),
    "promote": ("promote", "topic", lambda w: {"category": w["category"].pk}),
}
for _name, (_url_name, _target, _data) in MODERATION.items():
    ACTIONS[_name] = (
        "post",
        lambda w, u=_url_name, t=_target: reverse(f"forum:{u}", args=[w[t].pk]),
        _data,
        (FORBIDDEN, FORBIDDEN, OK),
    )

ROLES = ("anonymous", "customer", "moderator")


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(client, world, action, role_index, role):
    method, url, data, expected = ACTIONS[action]
    if action == "promote":
        services.mark_solution(world["topic"], world["reply"])
    if role != "anonymous":
        login(client, world[role])
    logged = ModerationLog.objects.count()
    response = getattr(client, method)(url(world), data(world) if callable(data) else data)
    outcome = expected[role_index]
    if outcome == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif outcome == FORBIDDEN:
        assert response.status_code == 403
        assert ModerationLog.objects.count() == logged
    else:
        assert response.status_code in (200, 302), response.status_code
        assert "/accounts/login/" not in response.get("Location", "")
        if action in MODERATION:
            assert ModerationLog.objects.count() == logged + 1


def test_moderation_actions_are_post_only(client, world):
    login(client, world["moderator"])
    response = client.get(reverse("forum:hide_post", args=[world["reply"].pk]))
    assert response.status_code == 405
    assert not Post.objects.get(pk=world["reply"].pk).hidden


def test_moderation_actions_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["moderator"])
    response = client.post(reverse("forum:hide_post", args=[world["reply"].pk]), {"reason": "x"})
    assert response.status_code == 403
    assert not Post.objects.get(pk=world["reply"].pk).hidden
