"""Brute force on both login pages: limited per account and per address, without telling
whether an account exists."""

import pytest

from tests.factories import make_user

LOGIN_PAGES = ["/accounts/login/", "/admin/login/"]
PASSWORD = "pass-for-tests-123"
LOCKED = "Too many failed sign-ins"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def carol(db):
    return make_user("carol", is_staff=True, is_superuser=True)


def attempt(client, page, username, password, address="10.0.0.1"):
    return client.post(page, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_the_right_password_still_works_below_the_limit(client, carol, page):
    for _ in range(9):
        assert attempt(client, page, "carol", "wrong").status_code == 200
    assert attempt(client, page, "carol", PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_an_account_is_locked_after_ten_failures_from_anywhere(client, carol, page):
    for n in range(10):
        attempt(client, page, "carol", "wrong", address=f"10.0.1.{n}")
    response = attempt(client, page, "carol", PASSWORD, address="10.0.2.1")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_an_address_is_locked_after_ten_failures_on_any_accounts(client, carol, page):
    for n in range(10):
        attempt(client, page, f"guess{n}", "wrong")
    response = attempt(client, page, "carol", PASSWORD)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)
    assert attempt(client, page, "carol", PASSWORD, address="10.0.0.2").status_code == 302


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_same_answers_whether_or_not_the_account_exists(client, carol, page):
    def answers(username, address):
        return [
            (r.status_code, LOCKED in r.content.decode())
            for r in (attempt(client, page, username, "wrong", address) for _ in range(11))
        ]

    assert answers("carol", "10.0.3.1") == answers("nobody", "10.0.4.1")
    assert answers("nobody", "10.0.5.1")[-1] == (429, True)
