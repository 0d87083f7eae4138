"""What a public reply may contain: links only to this site or allow-listed domains, no media,
no blocklisted word, and a length that fits the network."""

import re
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from social.models import Guardrails
from social.networks import LIMITS, reply_length, reply_text
from social.networks.length import find_links
from social.replies import site_root

MEDIA = re.compile(r"\.(?:png|jpe?g|gif|webp|bmp|svg|mp4|mov|avi|webm)(?:[?#].*)?$", re.I)
MEDIA_HOSTS = {"pic.twitter.com", "pbs.twimg.com", "video.twimg.com", "i.imgur.com"}


def _host(url):
    if not re.match(r"https?://", url, re.I):
        url = "http://" + url
    return (urlsplit(url).hostname or "").lower()


def allowed_hosts():
    own = _host(site_root()) if site_root() else ""
    return {h for h in [own, *Guardrails.lines(Guardrails.load().allowed_domains)] if h}


def _allowed(host, allowed):
    return any(host == a or host.endswith("." + a) for a in allowed)


def problems(text, complaint):
    """Human-readable reasons `text` must not be posted in reply to `complaint` (empty: it
    may). The length is that of the text exactly as the backend sends it."""
    found = []
    if not text.strip():
        return [_("The reply is empty.")]
    network = complaint.network
    sent_text = reply_text(text, complaint.as_incoming())
    length, limit = reply_length(sent_text, network), LIMITS[network]
    if length > limit:
        found.append(_("Too long: %(length)d of %(limit)d characters.") % locals())
    allowed = allowed_hosts()
    for url in find_links(text):
        host = _host(url)
        if host in MEDIA_HOSTS or MEDIA.search(url):
            found.append(_("No media in replies: %(url)s") % {"url": url})
        elif not _allowed(host, allowed):
            found.append(
                _("Links may only go to this help center or allowed sites: %(url)s") % {"url": url}
            )
    lowered = text.lower()
    for word in Guardrails.lines(Guardrails.load().blocked_words):
        if re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", lowered):
            found.append(_("Contains a blocked word: %(word)s") % {"word": word})
    return found
