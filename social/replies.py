"""Draft a public reply: greeting with the @handle, a lead-in that fits the complaint's tone,
the article (title, summary, a tracked link) and the CM's signature, in the complaint's
language, with room to spare within the network's length.

The lead-in depends on `social.tone`: empathy for a problem, a plain "happy to help" for a
question, thanks (and no link) for praise. Too long for the budget (`ROOM` characters under
the network's limit)? Drop the summary, then shorten the lead-in, then drop it, then shorten
the title with "…". The handle and the link are never cut. Lengths come from
`social.networks.length`, the one counter (twitter-text weighted length for X).
"""

from django.conf import settings
from django.urls import reverse
from wagtail.models import Locale

from social import tone
from social.models import ReplyTemplate
from social.networks import LIMITS, reply_length

DEFAULT_LANGUAGE = "en"
ELLIPSIS = "…"
ROOM = 30  # left free for the CM's own words: 250 of 280 on X


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


def budget(network):
    """The weighted length a draft aims at on `network`."""
    return LIMITS.get(network, LIMITS["x"]) - ROOM


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


def _fits(text, network):
    return reply_length(text, network) <= budget(network)


def lead_ins(tpl, kind):
    """The lead-ins to try for a complaint of this tone, longest first ("" last)."""
    if kind == tone.PROBLEM:
        return [tpl.empathy, tpl.short_empathy, ""]
    if kind == tone.PRAISE:
        return [tpl.praise]
    return [tpl.question, ""]


def draft_answer(complaint, article, user, token):
    """The reply text for `complaint` linking `article`, in the tone of the complaint, shortened
    to fit the network's budget. Praise is thanked without a link."""
    tpl = template_for(complaint.language)
    kind = tone.classify(complaint.text)
    if kind == tone.PRAISE:
        values = {"handle": complaint.handle, "signature": signature(user)}
        return _render([tpl.greeting, tpl.praise, tpl.closing], values)
    article = localised(article, complaint.language)
    values = {
        "handle": complaint.handle,
        "title": article.title,
        "summary": _capitalised(article.summary.strip()),
        "link": tracked_link(token),
        "signature": signature(user),
    }
    leads = lead_ins(tpl, kind)
    text = _render([tpl.greeting, leads[0], tpl.answer, tpl.closing], values)
    if _fits(text, complaint.network):
        return text
    values["summary"] = ""
    for lead in leads:
        text = _render([tpl.greeting, lead, tpl.answer, tpl.closing], values)
        if _fits(text, complaint.network):
            return text
    pieces = [tpl.greeting, tpl.answer, tpl.closing]
    title = values["title"]
    low, high = 0, len(title) - 1
    best = None
    while low <= high:  # the longest title prefix that fits
        middle = (low + high) // 2
        values["title"] = title[:middle].rstrip() + ELLIPSIS
        text = _render(pieces, values)
        if _fits(text, complaint.network):
            best, low = text, middle + 1
        else:
            high = middle - 1
    if best is not None:
        return best
    values["title"] = ""
    return _render(pieces, values)


def draft_private(complaint, user):
    """A polite public reply that invites the customer to a private message."""
    tpl = template_for(complaint.language)
    values = {"handle": complaint.handle, "signature": signature(user)}
    return _render([tpl.greeting, tpl.private, tpl.closing], values)
