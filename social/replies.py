"""Draft a public reply: greeting with the @handle, empathy, the article (title, summary, a
tracked link) and the CM's signature, in the complaint's language, within the network's length.

Too long? Drop the summary, then use the short empathy, then shorten the title with "…".
The handle and the link are never cut. Lengths come from `social.networks.length`, the one
counter (twitter-text weighted length for X, graphemes for Mastodon and Bluesky).
"""

from django.conf import settings
from django.urls import reverse
from wagtail.models import Locale

from social.models import ReplyTemplate
from social.networks.length import fits

DEFAULT_LANGUAGE = "en"
ELLIPSIS = "…"


def signature(user):
    """The CM's initials, as support accounts sign: "^CM"."""
    names = [n for n in (user.first_name, user.last_name) if n.strip()] if user else []
    initials = (
        "".join(n.strip()[0] for n in names) if names else (user.username[:2] if user else "")
    )
    return "^" + initials.upper() if initials else ""


def template_for(language):
    return (
        ReplyTemplate.objects.filter(language=language).first()
        or ReplyTemplate.objects.filter(language=DEFAULT_LANGUAGE).first()
        or ReplyTemplate(language=DEFAULT_LANGUAGE)
    )


def site_root():
    """The public address of the site (SITE_URL), which reply links start with."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def tracked_link(token):
    """The reply's link: this site's click counter, which redirects to the article."""
    return site_root() + reverse("social:click", args=[token])


def localised(article, language):
    """The article's live translation in `language`, else the article itself."""
    if article.locale.language_code == language:
        return article
    locale = Locale.objects.filter(language_code=language).first()
    translation = article.get_translation_or_none(locale) if locale else None
    return translation.specific if translation is not None and translation.live else article


def _fill(piece, values):
    for name, value in values.items():
        piece = piece.replace("{" + name + "}", value)
    return piece


def _render(pieces, values):
    return " ".join(" ".join(_fill(p, values) for p in pieces if p).split())


def _capitalised(text):
    return text[:1].upper() + text[1:]


def draft_answer(complaint, article, user, token):
    """The reply text for `complaint` linking `article`, shortened to fit the network."""
    tpl = template_for(complaint.language)
    article = localised(article, complaint.language)
    values = {
        "handle": complaint.handle,
        "title": article.title,
        "summary": _capitalised(article.summary.strip()),
        "link": tracked_link(token),
        "signature": signature(user),
    }
    empathy = tpl.empathy
    for step in ("full", "no summary", "short empathy"):
        if step == "no summary":
            values["summary"] = ""
        elif step == "short empathy":
            empathy = tpl.short_empathy
        text = _render([tpl.greeting, empathy, tpl.answer, tpl.closing], values)
        if fits(text, complaint.network):
            return text
    title = values["title"]
    low, high = 0, len(title) - 1
    best = None
    while low <= high:  # the longest title prefix that fits
        middle = (low + high) // 2
        values["title"] = title[:middle].rstrip() + ELLIPSIS
        text = _render([tpl.greeting, empathy, tpl.answer, tpl.closing], values)
        if fits(text, complaint.network):
            best, low = text, middle + 1
        else:
            high = middle - 1
    if best is not None:
        return best
    values["title"] = ""
    return _render([tpl.greeting, tpl.answer, tpl.closing], values)


def draft_private(complaint, user):
    """A polite public reply that invites the customer to a private message."""
    tpl = template_for(complaint.language)
    values = {"handle": complaint.handle, "signature": signature(user)}
    return _render([tpl.greeting, tpl.private, tpl.closing], values)
