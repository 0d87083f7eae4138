"""Load the demo help center, its accounts and groups; safe to run again (it skips what exists)."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page, Site

from kb import changes, roles
from kb.models import ArticlePage, CategoryPage, HelpCenterPage, SearchSynonym

CONTENT_FILE = Path(__file__).with_name("articles.json")
SYNONYMS_FILE = Path(__file__).with_name("synonyms.json")  # the words customers use for ours
DEMO_PASSWORD = "onereply-demo"
DEMO_ACCOUNTS = [
    # username, full name, group (None for the superuser)
    ("customer", "Chloé Martin", roles.CUSTOMERS),
    ("editor", "Tom Editor", roles.TRUSTED_EDITORS),
    ("cm", "Carla Manager", roles.COMMUNITY_MANAGERS),
    ("moderator", "Mona Moderator", roles.MODERATORS),
    ("admin", "Ada Admin", None),
]
HOME_TEXT = {
    "en": ("How can we help?", "Answers about domains, DNS, e-mail, hosting and billing."),
    "fr": (
        "Comment pouvons-nous vous aider ?",
        "Réponses sur les domaines, le DNS, l'e-mail, l'hébergement et la facturation.",
    ),
}


def publish(page):
    page.save_revision().publish()
    return page


def ensure_home(locales):
    """The English home as the site's root, and its French translation."""
    site = Site.objects.get(is_default_site=True)
    home = HelpCenterPage.objects.filter(locale=locales["en"]).first()
    if home is None:
        title, intro = HOME_TEXT["en"]
        home = HelpCenterPage(title=title, slug="help-center", intro=intro, locale=locales["en"])
        Page.get_first_root_node().add_child(instance=home)
        publish(home)
    if site.root_page_id != home.pk:
        previous = site.root_page
        site.root_page = home
        site.save()
        if type(previous.specific) is Page and not previous.get_children().exists():
            previous.delete()  # Wagtail's "Welcome to your new Wagtail site!" placeholder
    homes = {"en": home}
    homes["fr"] = translate(
        home, locales["fr"], {"title": HOME_TEXT["fr"][0], "intro": HOME_TEXT["fr"][1]}
    )
    return homes


def translate(page, locale, fields):
    """The page's translation in `locale`, created and published from `fields` if missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    return publish(translation)


def article_fields(data):
    return {
        "title": data["title"],
        "summary": data["summary"],
        "body": data["body"],
        "symptoms": "\n".join(data["symptoms"]),
    }


def create_article(category, slug, data):
    article = ArticlePage(slug=slug, locale=category.locale, **article_fields(data))
    article.tags.add(*data["tags"])
    category.add_child(instance=article)
    return publish(article)


def load_content(homes, locales, stdout):
    content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    categories = {}
    for item in content["categories"]:
        category = CategoryPage.objects.child_of(homes["en"]).filter(slug=item["slug"]).first()
        if category is None:
            category = CategoryPage(slug=item["slug"], icon=item["icon"], **item["en"])
            homes["en"].add_child(instance=category)
            publish(category)
        categories[item["slug"]] = {
            "en": category,
            "fr": translate(category, locales["fr"], item["fr"]),
        }
    created = []
    articles = {"en": {}, "fr": {}}
    for item in content["articles"]:
        parent = categories[item["category"]]["en"]
        article = ArticlePage.objects.child_of(parent).filter(slug=item["slug"]).first()
        if article is None:
            article = create_article(parent, item["slug"], item["en"])
            created.append(item)
        french = article.get_translation_or_none(locales["fr"])
        if french is None:
            french = translate(article, locales["fr"], article_fields(item["fr"]))
            french.tags.set(item["fr"]["tags"])
            publish(french)
            created.append(item)
        articles["en"][item["slug"]] = article.specific
        articles["fr"][item["slug"]] = french.specific
    for item in {i["slug"]: i for i in created}.values():
        for lang in ("en", "fr"):
            page = articles[lang][item["slug"]]
            page.related_articles.set(
                [articles[lang][s] for s in item["related"] if s in articles[lang]]
            )
            publish(page)
    stdout.write(f"Knowledge base: {len(content['articles'])} articles in English and French.")


def load_accounts():
    User = get_user_model()
    for username, full_name, group in DEMO_ACCOUNTS:
        first, last = full_name.split(" ", 1)
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@nimbus.example",
                "first_name": first,
                "last_name": last,
            },
        )
        user.set_password(DEMO_PASSWORD)
        if group is None:
            user.is_staff = user.is_superuser = True
        else:
            user.groups.add(Group.objects.get(name=group))
        user.save()


def print_accounts(stdout):
    stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for username, _full_name, group in DEMO_ACCOUNTS:
        stdout.write(f"  {username:<10} {group or 'superuser'}")


@transaction.atomic
def load(stdout):
    locales = {
        "en": Locale.objects.get_or_create(language_code="en")[0],
        "fr": Locale.objects.get_or_create(language_code="fr")[0],
    }
    homes = ensure_home(locales)
    load_content(homes, locales, stdout)
    load_synonyms()
    load_accounts()


def load_synonyms():
    """The demo's search synonyms, once (a moderator's later edits are kept)."""
    if SearchSynonym.objects.exists():
        return
    groups = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    SearchSynonym.objects.bulk_create(
        SearchSynonym(language=language, phrases=", ".join(phrases))
        for language, language_groups in groups.items()
        for phrases in language_groups
    )
    changes.record(changes.ContentChange.Kind.SYNONYMS, 0)
