"""An unknown address under a section without a language prefix is a plain 404."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/forum/no-such-page/",
        "/forum/t/999999/",
        "/wiki/nope/",
        "/wiki/edit/999999/x",
        "/social/x/",
    ],
)
def test_unknown_paths_in_unprefixed_sections_are_404(client, help_center, customer, path):
    client.force_login(customer)
    assert client.get(path).status_code == 404


def test_pages_without_a_language_prefix_still_redirect(client, help_center):
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/en/"
