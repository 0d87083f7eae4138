"""The README points only at what a user of the project has, and names the admin as it is."""

import re
from pathlib import Path

from django.conf import settings

README = Path(settings.BASE_DIR) / "README.md"


def test_readme_links_exist_in_the_project():
    text = README.read_text()
    assert "../shared" not in text
    paths = set(re.findall(r"\((docs/[^)\s]+)\)", text))
    assert {"docs/evaluation.md", "docs/screenshot-article-390.png"} <= paths
    for path in paths:
        assert (README.parent / path).is_file(), path


def test_learned_phrasings_page_is_named_like_its_menu(admin_client):
    assert "Snippets → Social" not in README.read_text()
    html = admin_client.get("/admin/snippets/social/articlealias/").content.decode()
    assert "Learned phrasings" in html and "aliass" not in html.lower()
