"""Forum fixtures: sections, a welcome topic, and members past their first-post approval."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kb import roles
from kb.forum import services
from kb.forum.models import ForumSection
from tests import factories


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The forum tests create many accounts; a cheap hasher keeps them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def email_section(db):
    return ForumSection.objects.create(name="E-mail", slug="email", order=1)


@pytest.fixture
def general_section(db):
    return ForumSection.objects.create(name="General", slug="general", order=9)


@pytest.fixture
def welcome(moderator, general_section):
    """A moderator's topic where members' first replies are already approved."""
    return services.create_topic(moderator, general_section, "Welcome to the forum", "Say hi!")


def make_member(username, welcome, posts=3, age_days=30):
    """A customer with `posts` approved replies (3 or more: no longer a new account)."""
    user = factories.make_user(username, roles.CUSTOMERS)
    user.date_joined = timezone.now() - timedelta(days=age_days)
    user.save(update_fields=["date_joined"])
    for n in range(posts):
        reply = services.add_reply(user, welcome, f"Hello number {n}")
        reply.approved = True
        reply.save()
    return user


@pytest.fixture
def member(welcome):
    return make_member("mina", welcome)


@pytest.fixture
def other_member(welcome):
    return make_member("otto", welcome)


@pytest.fixture
def topic(member, email_section):
    return services.create_topic(
        member, email_section, "My mails bounce since Monday", "Every mail I send comes back."
    )


def login(client, user):
    client.force_login(user)
    return client
