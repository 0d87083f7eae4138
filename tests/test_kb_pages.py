"""The knowledge base's page types: where they go, and that they render with real content."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from kb import read_counts
from kb.models import ArticlePage, CategoryPage, HelpCenterPage
from tests import factories


class PageTreeTests(WagtailPageTestCase):
    def setUp(self):
        self.home = factories.make_help_center()
        self.category = factories.make_category(self.home, "DNS")
        self.article = factories.make_article(
            self.category,
            "Change your nameservers",
            body=[
                factories.heading("Before you start"),
                factories.paragraph("Write down your current records."),
                factories.heading("Before you start"),
                {"type": "code", "value": {"language": "dns", "code": "ns1.nimbus.example"}},
                {"type": "callout", "value": {"kind": "warning", "text": "<p>Takes 24h.</p>"}},
                {"type": "steps", "value": ["<p>Open the panel.</p>", "<p>Save.</p>"]},
            ],
            symptoms=["site not resolving after nameserver change"],
            tags=["dns", "nameservers"],
        )

    def test_tree_rules(self):
        self.assertCanCreateAt(Page, HelpCenterPage)
        self.assertCanCreateAt(HelpCenterPage, CategoryPage)
        self.assertCanCreateAt(CategoryPage, ArticlePage)
        self.assertCanNotCreateAt(HelpCenterPage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)
        self.assertAllowedSubpageTypes(ArticlePage, {})
        self.assertAllowedParentPageTypes(CategoryPage, {HelpCenterPage})

    def test_pages_are_routable_and_renderable(self):
        # assertPageIsRoutable does not strip the /en/ prefix of i18n_patterns, so the route is
        # checked by serving each page's URL through the real URL configuration instead.
        for page in (self.home, self.category, self.article):
            self.assertTrue(page.url.startswith("/en/"))
            response = self.client.get(page.url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.context["page"], page)
            self.assertPageIsRenderable(page)

    def test_article_page_shows_breadcrumbs_toc_tags_and_date(self):
        response = self.client.get(self.article.url)
        self.assertContains(response, '<nav class="breadcrumbs"')
        self.assertContains(response, f'href="{self.category.url}"')
        # Two headings with the same text get distinct anchors, both in the table of contents.
        self.assertContains(response, 'id="before-you-start"')
        self.assertContains(response, 'id="before-you-start-2"')
        self.assertContains(response, 'href="#before-you-start-2"')
        self.assertContains(response, "ns1.nimbus.example")
        self.assertContains(response, 'class="callout callout-warning"')
        self.assertContains(response, 'class="tag"', count=2)
        self.assertContains(response, "Last updated")

    def test_article_links_to_its_french_translation(self):
        french = self.article.copy_for_translation(factories.locale("fr"), copy_parents=True)
        factories.publish(french)
        response = self.client.get(self.article.url)
        self.assertContains(response, f'href="{french.url}"')
        self.assertTrue(french.url.startswith("/fr/"))
        self.assertContains(self.client.get(french.url), 'hreflang="en"')

    def test_home_lists_categories_and_most_read(self):
        other = factories.make_article(self.category, "Add a TXT record")
        for _ in range(3):
            self.client.get(other.url)
        self.client.get(self.article.url)
        read_counts.flush()
        response = self.client.get(self.home.url)
        self.assertContains(response, "DNS")
        most_read = [a.title for a in response.context["most_read"]]
        self.assertEqual(most_read[:2], ["Add a TXT record", "Change your nameservers"])

    def test_category_lists_only_live_articles(self):
        factories.make_article(self.category, "Draft about glue records", live=False)
        response = self.client.get(self.category.url)
        self.assertContains(response, "Change your nameservers")
        self.assertNotContains(response, "Draft about glue records")

    def test_symptom_list_ignores_blank_lines(self):
        self.article.symptoms = "  my site is down \n\n dns not found\n"
        self.assertEqual(self.article.symptom_list, ["my site is down", "dns not found"])

    def test_french_pages_have_a_french_interface(self):
        french_home = self.home.get_translation(factories.locale("fr"))
        response = self.client.get(french_home.url)
        self.assertContains(response, '<html lang="fr">')
        self.assertContains(response, "Parcourir par thème")
        self.assertContains(self.client.get("/fr/search/", {"q": "dns"}), "Rechercher")
