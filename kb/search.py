"""Site search: the matcher ranks the live articles, in the visitor's language first.

The other language is searched only when nothing matches in the visitor's (and the page says
so). Misspelt words are corrected by the matcher ("did you mean"), and a visitor can still ask
for the words exactly as typed. Every search is logged once per visitor and day; the ones
without a good result are content gaps (see `social.gaps`).
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from kb.highlight import WORD, highlight, snippet, term_of_words
from kb.models import ArticlePage, CategoryPage, SearchQuery
from social import article_index
from social.matching import normalize
from social.matching.normalize import strip_accents

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 30
RESULTS_PER_PAGE = 10
SUGGESTIONS = 6
HIT_FIELDS = ("title", "summary", "path", "depth", "url_path", "slug", "locale_id", "live")
SNIPPET_SOURCE_CHARS = 3000  # snippets are taken from the start of the article
# A search whose best article in the visitor's language scores below this found nothing good:
# it is a content gap (the matcher's calibrated score, see social/matching/calibration.py).
GOOD_SCORE = 0.2
MIN_COVERAGE = 0.5
LOGGED_PER_VISITOR_DAY = 30  # one address cannot flood the content-gap report
SHARED_SECONDS = 600  # a ranking in the shared cache (a new article version replaces it sooner)
SEARCH_RATE = "60/m"
SUGGEST_RATE = "120/m"


@dataclass
class Hit:
    """A found article; its title and snippet are highlighted when first shown."""

    article: ArticlePage
    category: CategoryPage | None
    score: float
    text: str
    terms: list[str]
    language: str

    @cached_property
    def title(self):
        return highlight(self.article.title, self.terms, self.language)

    @cached_property
    def snippet(self):
        return snippet(self.text, self.terms, self.language)


@dataclass
class Results:
    """The hits for a query; ``language`` is theirs (``fell_back`` when it is not the visitor's).
    ``corrected`` is the query with its misspelt words corrected, when the matcher corrected
    any; ``best_score`` is the best score in the visitor's language (see best_score())."""

    query: str
    language: str
    hits: Sequence[Hit] = ()
    fell_back: bool = False
    corrected: str = ""
    best_score: float | None = None
    matches: Sequence = ()  # the matcher's, which `hits` shows
    terms: Sequence[str] = ()  # the query's terms, highlighted


STORED = ("query", "language", "fell_back", "corrected", "best_score", "matches", "terms")


def clean_query(raw):
    """What the visitor typed, without control characters, spaces squeezed, at most 200 chars."""
    text = "".join(c if c.isprintable() else " " for c in (raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def visitor_language():
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def corrections(matcher, query, language):
    """{folded word typed: term the matcher searched instead} for the misspelt words."""
    return matcher.corrections(query, lang=language)


def _folded(word):
    return strip_accents(word.casefold()).replace("’", "'")


def without_words(query, words):
    """``query`` without the given (folded) words."""
    return " ".join(w for w in WORD.findall(query) if _folded(w) not in words)


def corrected_query(query, fixed, language, texts):
    """``query`` with each misspelt word replaced by a word of ``texts`` that has the term the
    matcher searched (the term itself when none has)."""
    if not fixed:
        return ""
    found = {}
    for text in texts:
        for word, term in term_of_words(WORD.findall(text), language).items():
            found.setdefault(term, word)

    def replace(word):
        term = fixed.get(_folded(word.group()))
        return found.get(term, term) if term else word.group()

    return WORD.sub(replace, query)


def best_score(matches, text, language):
    """The first match's score; 0 when it has less than half of the query's words (it is about
    something else); None without a match."""
    if not matches:
        return None
    words = len(set(normalize(text, lang=language).terms)) or 1
    covered = len(set(matches[0].matched_terms)) / words
    return matches[0].score if covered >= MIN_COVERAGE else 0.0


class RecentSearches:
    """This process's latest results, by query; forgotten as soon as the matcher's articles
    change (a publish, an unpublish, a new phrasing), so they are never staler than a search.
    A burst of visitors typing the same words (an outage) costs one ranking."""

    def __init__(self, size=1000):
        self.size, self._lock = size, threading.Lock()
        self._owner, self._generation, self._results = None, None, OrderedDict()

    def clear(self):
        with self._lock:
            self._results.clear()

    def get(self, matcher, key, compute):
        with self._lock:
            if self._owner is not matcher or self._generation != matcher.generation:
                self._owner, self._generation = matcher, matcher.generation
                self._results.clear()
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
            generation = matcher.generation
        results = compute()
        with self._lock:
            if self._owner is matcher and self._generation == generation:
                self._results[key] = results
                if len(self._results) > self.size:
                    self._results.popitem(last=False)
        return results


recent = RecentSearches()


def search(query, language, limit=MAX_RESULTS, exact=False):
    """The ranked live articles for ``query`` (``exact``: misspelt words are not corrected):
    from this process's recent searches, else from the cache that all processes share (keyed by
    the version of their articles), else ranked by the matcher."""
    matcher = article_index.get_matcher()
    key = (query, language, limit, exact)
    return recent.get(matcher, key, lambda: shared(matcher, query, language, limit, exact))


def shared(matcher, query, language, limit, exact):
    version = article_index.version()
    if version is None:
        return rank(matcher, query, language, limit, exact)
    digest = hashlib.sha1(f"{language}|{limit}|{exact:d}|{query}".encode()).hexdigest()
    key = f"kb.search:{version}:{digest}"
    stored = cache.get(key)
    if stored is not None:
        results = Results(**stored)
    else:
        results = rank(matcher, query, language, limit, exact)
        stored = {field: getattr(results, field) for field in STORED}
        cache.set(key, stored, SHARED_SECONDS)
    results.hits = Hits(matcher, results.matches, results.terms, results.language)
    return results


def rank(matcher, query, language, limit, exact):
    results = Results(query=query, language=language)
    fixed = corrections(matcher, query, language)
    text = without_words(query, fixed) if exact and fixed else query
    if not text:
        return results
    matches = matcher.match(text, limit=limit, lang=language, only_lang=language)
    results.best_score = best_score(matches, text, language)
    if not matches:
        for other in dict(settings.LANGUAGES):
            if other != language:
                matches = matcher.match(text, limit=limit, lang=other, only_lang=other)
                if matches:
                    results.language, results.fell_back = other, True
                    fixed = corrections(matcher, text, other)
                    break
    terms, _sources = matcher.query_terms(text, lang=results.language)
    results.matches, results.terms = matches, terms
    results.hits = Hits(matcher, matches, terms, results.language)
    if fixed and not exact:
        top = [matcher.document(m.doc_id) for m in matches[:3]]
        texts = [f"{doc.title}\n{doc.body[:3000]}" for doc in top if doc is not None]
        results.corrected = corrected_query(query, fixed, results.language, texts)
    return results


class Hits(Sequence):
    """The matches as hits, loaded from the database only for the slice asked (a page)."""

    def __init__(self, matcher, matches, terms, language):
        self.matcher, self.matches, self.terms, self.language = matcher, matches, terms, language

    def __len__(self):
        return len(self.matches)

    def __getitem__(self, index):
        chosen = self.matches[index] if isinstance(index, slice) else [self.matches[index]]
        found = hits(self.matcher, chosen, self.terms, self.language)
        if isinstance(index, slice):
            return found
        if not found:
            raise IndexError(index)  # unpublished since the matcher last heard of it
        return found[0]


def hits(matcher, matches, terms, language):
    """The live articles of ``matches``, in order, with their highlighted title and snippet."""
    live = ArticlePage.objects.live().only(*HIT_FIELDS)
    pages = live.in_bulk([int(m.doc_id) for m in matches])
    parents = {page.path[: -ArticlePage.steplen] for page in pages.values()}
    in_parents = CategoryPage.objects.filter(path__in=parents).only("title", "path")
    categories = {c.path: c for c in in_parents}
    found = []
    for match in matches:
        page = pages.get(int(match.doc_id))
        if page is None:
            continue
        doc = matcher.document(match.doc_id)
        found.append(
            Hit(
                article=page,
                category=categories.get(page.path[: -ArticlePage.steplen]),
                score=match.score,
                text=doc.body[:SNIPPET_SOURCE_CHARS] if doc is not None else page.summary,
                terms=terms,
                language=language,
            )
        )
    return found


def visitor_key(request):
    """A daily pseudonym of the visitor's address (the address itself is not stored)."""
    day = timezone.localdate().isoformat()
    address = request.META.get("REMOTE_ADDR", "")
    return salted_hmac("kb.search.visitor", f"{day}|{address}").hexdigest()[:16]


def log_query(request, results):
    """Log a search once per visitor, language and day, and at most LOGGED_PER_VISITOR_DAY
    searches per visitor and day. Returns the new row (None when not logged)."""
    visitor, today = visitor_key(request), timezone.localdate()
    if SearchQuery.objects.filter(visitor=visitor, day=today).count() >= LOGGED_PER_VISITOR_DAY:
        return None
    try:
        with transaction.atomic():
            return SearchQuery.objects.create(
                query=results.query,
                language=visitor_language(),
                result_count=len(results.hits),
                best_score=results.best_score,
                visitor=visitor,
                day=today,
            )
    except IntegrityError:  # this visitor already searched these words today
        return None


def no_good_result():
    """The logged searches that found nothing good in the visitor's language."""
    return Q(result_count=0) | Q(best_score__isnull=True) | Q(best_score__lt=GOOD_SCORE)


def content_gaps(since=None):
    """Searches without a good result, by query and language, most frequent first."""
    queries = SearchQuery.objects.filter(no_good_result())
    if since is not None:
        queries = queries.filter(created_at__gte=since)
    return (
        queries.values("query", "language")
        .annotate(times=Count("id"), last_seen=Max("created_at"))
        .order_by("-times", "-last_seen")
    )


@require_GET
@ratelimit(key="ip", rate=SEARCH_RATE, group="site-search")
def search_view(request):
    query = clean_query(request.GET.get("q"))
    exact = request.GET.get("exact") == "1"
    results = search(query, visitor_language(), exact=exact) if query else None
    page_number = request.GET.get("page") or "1"
    paginator = Paginator(results.hits if results else [], RESULTS_PER_PAGE)
    if results is not None and page_number == "1" and not exact:
        log_query(request, results)
    return render(
        request,
        "kb/search.html",
        {
            "query": query,
            "search": results,
            "results": paginator.get_page(page_number),
            "result_count": paginator.count,
            "exact": exact,
        },
    )


@require_GET
@ratelimit(key="ip", rate=SUGGEST_RATE, group="site-search-suggest")
def autocomplete_view(request):
    """The best articles for what the visitor is typing, its last word completed (JSON)."""
    query = clean_query(request.GET.get("q"))
    if len(query) < 2:
        return JsonResponse({"results": []})
    language = visitor_language()
    words = WORD.findall(query)
    typing = request.GET.get("q", "")[-1:].isalnum() and words
    if typing and len(words[-1]) >= 2:
        completed = article_index.get_matcher().completions(words[-1], limit=1)
        if completed:
            query = f"{query} {completed[0]}"
    results = search(query, language, limit=SUGGESTIONS)
    return JsonResponse(
        {
            "results": [
                {
                    "title": hit.article.title,
                    "url": hit.article.get_url(request),
                    "summary": hit.article.summary,
                    "category": hit.category.title if hit.category else "",
                }
                for hit in results.hits[:SUGGESTIONS]
            ],
            "language": results.language,
        }
    )
