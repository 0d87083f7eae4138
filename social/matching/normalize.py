"""Turn raw complaint or article text into matching terms.

The pipeline: NFKC, drop @handles / URLs / "RT", split hashtags and camelCase, squeeze letters
repeated three times or more to two ("pleeease" -> "pleease"; the index vocabulary corrects the
rest), case-fold, drop emoji and punctuation, detect English or French, then stem with whoosh's
Snowball stemmer for that language and strip accents.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from whoosh.lang import has_stemmer, has_stopwords, stemmer_for_language, stopwords_for_language

MAX_CHARS = 5000  # complaints are short; a longer one is truncated before normalising

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_RT = re.compile(r"\bRT\b")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])")
_ACRONYM_WORD = re.compile(r"^([A-Z]{2,})([a-z]{2,})$")  # "#DNSdown" -> "DNS down"
_CAMEL_WORD = re.compile(r"\b[a-z]+(?:[A-Z][a-z]+)+\b")  # "myPhoneIsBroken", not "iPhone"
_REPEAT = re.compile(r"(\w)\1{2,}")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)'", re.IGNORECASE)

_FR_HINT_WORDS = """le la les un une des du de et est pas je tu il elle nous vous ils mon ma mes
    ton ta ce cette ne plus pour avec sur dans qui que quoi mais ou où bonjour merci toujours
    encore aide
    impossible depuis votre vos notre nos compte marche fonctionne rien très"""
_EN_HINT_WORDS = """the a an and is are not i you he she we they my your this that it to of in on
    for with why what how can can't cannot don't doesn't won't help please still again since account
    working work anything very"""
_FR_HINTS = frozenset(_FR_HINT_WORDS.split())
_EN_HINTS = frozenset(_EN_HINT_WORDS.split())


# Words in whoosh's stopword lists that carry the meaning of a complaint ("dns down"), and the
# English question words, which tell intents apart ("why verify my identity" is not "how")
_KEEP_WORDS = (
    "down up off out not no over against pas plus rien sans why how when where what which who"
)
_KEEP = frozenset(_KEEP_WORDS.split())
# Function words missing from whoosh's (Snowball's) lists
_MORE_STOPWORDS = {"fr": frozenset("les cet cette ca".split())}


class Normalized(NamedTuple):
    """A normalised text: ``text`` (folded, accent-free), ``lang``, ``tokens`` (its words),
    ``terms`` (stemmed, accent-free, stopwords removed: what the index matches on) and
    ``sources`` (the token each term came from)."""

    text: str
    lang: str
    tokens: list[str]
    terms: list[str]
    sources: list[str]


def strip_accents(text: str) -> str:
    """Remove combining marks: "réseau" -> "reseau"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _split_camel(match: re.Match[str]) -> str:
    tag = match.group(1)
    acronym = _ACRONYM_WORD.match(tag)
    split = f"{acronym[1]} {acronym[2]}" if acronym else _CAMEL.sub(" ", tag)
    return f" {split} "


def clean(text: str) -> str:
    """Social-media clean-up, before case-folding: handles, URLs, RT, hashtags, camelCase.
    Each pattern runs only when its marker character can be in the text (indexing speed)."""
    text = unicodedata.normalize("NFKC", text)
    if "/" in text or "ww" in text.lower():
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", text)
    if "RT" in text:
        text = _RT.sub(" ", text)
    if "#" in text:
        text = _HASHTAG.sub(_split_camel, text)
    if not text.islower():
        text = _CAMEL_WORD.sub(lambda m: _CAMEL.sub(" ", m.group(0)), text)
    text = text.replace("\u2019", "'").replace("`", "'")
    return _REPEAT.sub(r"\1\1", text)


def words(text: str) -> list[str]:
    """Case-folded words of cleaned text, keeping accents and elisions ("l'appli")."""
    return _WORD.findall(text.casefold())


def detect_language(tokens: list[str]) -> str:
    """ "fr" or "en" from function-word counts and French elisions; English when unsure."""
    fr = sum(1 for t in tokens if t in _FR_HINTS or _ELISION.match(t))
    en = sum(1 for t in tokens if t in _EN_HINTS)
    fr += sum(1 for t in tokens if any(c in "éèêàçùûôî" for c in t))
    return "fr" if fr > en else "en"


@lru_cache(maxsize=8)
def _language_tools(lang: str):
    stem = stemmer_for_language(lang) if has_stemmer(lang) else (lambda w: w)
    listed = stopwords_for_language(lang) if has_stopwords(lang) else ()
    stop = frozenset(strip_accents(w) for w in listed).union(_MORE_STOPWORDS.get(lang, ())) - _KEEP
    return stem, stop


def stem_terms(tokens: list[str], lang: str) -> list[tuple[str, str]]:
    """(term, token) pairs: the stemmed, accent-free terms of ``tokens`` without stopwords or
    one-letter words, each with the token it came from (accent-free)."""
    analyse = _term_analyser(lang)
    return [
        (term, folded)
        for token, folded in zip(tokens, _folded(tokens), strict=True)
        if (term := analyse(token))
    ]


def _folded(tokens: list[str]) -> list[str]:
    joined = "".join(tokens)
    return tokens if joined.isascii() else [strip_accents(t) for t in tokens]


@lru_cache(maxsize=16)
def _term_analyser(lang: str):
    stem, stop = _language_tools(lang)

    @lru_cache(maxsize=500_000)
    def analyse(token: str) -> str | None:
        token = _ELISION.sub("", token) if lang == "fr" else token.replace("'", "")
        bare = strip_accents(token)
        if len(bare) < 2 or bare in stop:
            return None
        stemmed = strip_accents(stem(token))
        return stemmed if len(stemmed) >= 2 else bare

    return analyse


def index_terms(text: str, lang: str) -> list[str]:
    """Just the ``terms`` of ``normalize(text, lang)``: the fast path for indexing articles."""
    return words_to_terms(words(clean(text)), lang)


def words_to_terms(tokens: list[str], lang: str) -> list[str]:
    """The terms of ``tokens`` (from :func:`words`): stemmed, accent-free, no stopwords."""
    analyse = _term_analyser(lang)
    return [term for token in tokens if (term := analyse(token))]


def _language(tokens: list[str], lang: str | None) -> str:
    return ((lang if lang is not None else detect_language(tokens)) or "en").lower()[:2]


def language_of(text: str, lang: str | None = None) -> str:
    """The language :func:`normalize` analyses ``text`` in, without analysing it."""
    return _language([] if lang is not None else words(clean(text[:MAX_CHARS])), lang)


def normalize(text: str, lang: str | None = None) -> Normalized:
    """Normalise ``text``; ``lang`` forces the language instead of detecting it."""
    if not isinstance(text, str):
        text = str(text)
    tokens = words(clean(text[:MAX_CHARS]))
    lang = _language(tokens, lang)
    pairs = stem_terms(tokens, lang)
    folded = _folded(tokens)
    return Normalized(" ".join(folded), lang, folded, [t for t, _ in pairs], [s for _, s in pairs])
