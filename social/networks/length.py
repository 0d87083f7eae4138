"""Reply length per network: the one counter the drafting, the inbox and the backends use.

- X: twitter-text v3 weighted length (the `twitter-text-parser` port, which passes the official
  conformance cases): most Latin-script characters weigh 1, CJK and emoji 2, every URL 23.
- Mastodon: 500 grapheme clusters; every http(s) URL counts 23 and a ``@user@domain`` mention
  counts as ``@user``, as Mastodon's own counter does.
- Bluesky: 300 grapheme clusters of the text as shown. Links are facets over a shortened
  display text (see ``display_url``), so a URL counts as its display text, and the Bluesky
  backend sends exactly that display text (``bluesky_segments`` is shared by both).

An unknown network is counted with X's rules, the strictest.
"""

import sys
import types
from pathlib import Path
from urllib.parse import urlsplit

import regex

try:
    import pkg_resources  # noqa: F401  (twitter-text-parser reads its emoji list through it)
except ImportError:  # setuptools >= 81 has no pkg_resources: give the library the one call it makes
    sys.modules["pkg_resources"] = types.SimpleNamespace(
        resource_string=lambda module, name: (
            Path(sys.modules[module].__file__).with_name(name).read_bytes()
        )
    )
from twitter_text import parse_tweet  # noqa: E402
from twitter_text.regexp.extract_url import extract_url  # noqa: E402
from twitter_text.regexp.invalid_url_without_protocol_preceding_chars import (  # noqa: E402
    invalid_url_without_protocol_preceding_chars as _BAD_BEFORE_BARE_DOMAIN,
)
from twitter_text.regexp.valid_gtld import valid_gtld  # noqa: E402

LIMITS = {"x": 280, "mastodon": 500, "bluesky": 300}

# The values of twitter-text's v3 configuration (../shared/twitter-text/v3.json).
X_CONFIG = {
    "version": 3,
    "max_weighted_tweet_length": 280,
    "scale": 100,
    "default_weight": 200,
    "emoji_parsing_enabled": True,
    "transformed_url_length": 23,
    "ranges": [
        {"start": 0, "end": 4351, "weight": 100},
        {"start": 8192, "end": 8205, "weight": 100},
        {"start": 8208, "end": 8223, "weight": 100},
        {"start": 8242, "end": 8247, "weight": 100},
    ],
}
MASTODON_URL_LENGTH = 23
BLUESKY_DISPLAY_URL_MAX = 24

_GRAPHEME = regex.compile(r"\X")
_URL = regex.compile(r"(?<![\w/])https?://[^\s<>\"]+", regex.IGNORECASE)
_TRAILING = ".,;:!?'\""
# Mastodon counts "@user@domain" as "@user" (app/javascript/mastodon/features/compose/util/counter).
_MASTODON_MENTION = regex.compile(r"(?<![/\w])@(\w+)@[a-z0-9.\-]+[a-z0-9]", regex.IGNORECASE)


def parse_x(text, *, emoji_parsing=True):
    """twitter-text's full result (weightedLength, valid, permillage, ranges) for ``text``."""
    return parse_tweet(text, {**X_CONFIG, "emoji_parsing_enabled": emoji_parsing})


def find_urls(text):
    """The http(s) URLs of ``text`` as ``(start, end, url)``, in order.

    Like Mastodon's and Bluesky's link detection: a scheme then anything up to a space, less
    trailing punctuation and an unbalanced closing parenthesis (X's own rules are in ``parse_x``).
    """
    found = []
    for match in _URL.finditer(text):
        url = match.group().rstrip(_TRAILING)
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1].rstrip(_TRAILING)
        found.append((match.start(), match.start() + len(url), url))
    return found


# twitter-text's link grammar (bare domains, ports, paths, queries) whose top-level domains also
# include the reserved ones (RFC 2606, 6761), which some clients link too.
RESERVED_TLDS = "example|test|invalid|localhost|local|internal"
_LINK = regex.compile(
    extract_url.pattern.replace(
        valid_gtld.pattern, f"(?:{valid_gtld.pattern}|(?:{RESERVED_TLDS})(?=[^0-9a-zA-Z@+-]|$))"
    ),
    extract_url.flags,
)


def find_links(text):
    """Every link a network may make of ``text``: what twitter-text extracts (bare domains such
    as ``bit.ly`` or ``evil.example:8080/x`` included) and any http(s) URL, once each."""
    found = {}
    for match in _LINK.finditer(text):
        _all, before, url, scheme = match.groups()[:4]
        if scheme or not _BAD_BEFORE_BARE_DOMAIN.search(before):
            found.setdefault(url, None)
    for _start, _end, url in find_urls(text):
        found.setdefault(url, None)
    return list(found)


def display_url(url):
    """A URL as Bluesky clients show it: no scheme nor "www.", cut to 24 characters with "…"."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    rest = url.split(parts.netloc, 1)[1]
    shown = host + ("" if rest == "/" else rest)
    if len(shown) > BLUESKY_DISPLAY_URL_MAX:
        shown = shown[: BLUESKY_DISPLAY_URL_MAX - 1] + "…"
    return shown


def bluesky_segments(text):
    """``text`` as ``(shown_text, link_or_None)`` pieces, a link shown by ``display_url``."""
    segments, position = [], 0
    for start, end, url in find_urls(text):
        if start > position:
            segments.append((text[position:start], None))
        segments.append((display_url(url), url))
        position = end
    if position < len(text):
        segments.append((text[position:], None))
    return segments


def graphemes(text):
    """The number of user-perceived characters (extended grapheme clusters)."""
    return len(_GRAPHEME.findall(text))


def reply_length(text, network):
    """The length of ``text`` as ``network`` counts it against ``LIMITS[network]``."""
    if network == "mastodon":
        countable, position = [], 0
        for start, end, _url in find_urls(text):
            countable += [text[position:start], "x" * MASTODON_URL_LENGTH]
            position = end
        countable.append(text[position:])
        return graphemes(_MASTODON_MENTION.sub(r"@\1", "".join(countable)))
    if network == "bluesky":
        return graphemes("".join(shown for shown, _link in bluesky_segments(text)))
    return parse_x(text).weightedLength


def fits(text, network):
    """True when ``text`` is within the network's limit (an unknown network gets X's)."""
    return reply_length(text, network) <= LIMITS.get(network, LIMITS["x"])
