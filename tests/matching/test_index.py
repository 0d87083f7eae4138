"""The BM25F retrieval scores exactly as whoosh's own search, across segments and deletions."""

import pytest
from whoosh import query as Q

from social.matching.index import FIELD_BOOSTS, SearchView, WhooshIndex, search
from social.matching.rerank import analyse
from social.matching.writer import WriterFailed, document_fields, write_in_background
from tests.matching.test_matcher import ARTICLES


def whoosh_scores(view, terms, limit):
    clauses = [Q.Term(field, term) for term in terms for field in FIELD_BOOSTS]
    hits = view.searcher.search(Q.Or(clauses), limit=limit, optimize=False)
    return {view.ids[docnum]: score for score, docnum in hits.top_n}


@pytest.fixture
def index(tmp_path):
    index = WhooshIndex(tmp_path)
    index.rebuild((doc, analyse(doc).fields) for doc in ARTICLES[:2])
    for doc in ARTICLES[2:]:  # one more segment per write
        index.upsert(doc, analyse(doc).fields)
    index.delete(ARTICLES[0].id)
    return index


@pytest.mark.parametrize("terms", [["password"], ["refund", "router", "internet"], ["dns", "down"]])
def test_scores_equal_whoosh_search(index, terms):
    view = SearchView(index.searcher())
    assert len(view.searcher.leaf_searchers()) > 1
    ours = search(view, terms, limit=10)
    theirs = whoosh_scores(view, terms, limit=10)
    assert list(ours) == list(theirs)
    assert ours == pytest.approx(theirs)
    assert ARTICLES[0].id not in search(view, ["password", "reset"], limit=10)


@pytest.mark.parametrize("terms", [["refund", "router", "internet", "dns"], ["password"]])
def test_long_posting_lists_go_through_whoosh_with_the_same_result(index, terms, monkeypatch):
    view = SearchView(index.searcher())
    direct = search(view, terms, limit=2)
    monkeypatch.setattr("social.matching.index.DIRECT_POSTINGS_MAX", 0)
    assert search(view, terms, limit=2) == pytest.approx(direct)
    assert list(search(view, terms, limit=2)) == list(direct)


def test_candidates_and_limit(index):
    view = SearchView(index.searcher())
    everything = search(view, ["refund", "router", "internet", "dns"], limit=None)
    assert len(everything) >= 2
    assert len(search(view, ["refund", "router", "internet", "dns"], limit=1)) == 1
    only = search(view, ["refund", "router", "internet", "dns"], limit=None, ids=["refund", "x"])
    assert list(only) == ["refund"] and only["refund"] == pytest.approx(everything["refund"])


def test_terms_field_indexes_like_whoosh_analyser(tmp_path):
    """Pre-analysed terms give the postings that whoosh's own analyser gives."""
    from whoosh.analysis import RegexTokenizer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage

    tokens = RegexTokenizer(r"\S+")
    plain = Schema(
        id=ID(stored=True, unique=True, sortable=True),
        **{f: TEXT(analyzer=tokens, field_boost=b, phrase=False) for f, b in FIELD_BOOSTS.items()},
    )
    reference = RamStorage().create_index(plain)
    writer = reference.writer()
    for doc in ARTICLES:
        writer.add_document(id=doc.id, **analyse(doc).fields)
    writer.commit()
    ours = WhooshIndex()
    ours.rebuild((doc, analyse(doc).fields) for doc in ARTICLES)
    terms = ["password", "refund", "router", "internet", "dns", "down", "money"]
    expected = whoosh_scores(SearchView(reference.searcher()), terms, limit=None)
    assert search(SearchView(ours.searcher()), terms, limit=None) == pytest.approx(expected)


def segment_contents(ix):
    """Every posting with its block statistics, and every field length, of a one-segment index."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        postings = {}
        for field, term in reader.all_terms():
            matcher = reader.postings(field, term)
            items = []
            while matcher.is_active():
                stats = (
                    matcher.block_max_weight(),
                    matcher.block_min_length(),
                    matcher.block_max_length(),
                )
                items.append((matcher.id(), matcher.weight(), matcher.value(), stats))
                matcher.next()
            postings[field, term] = items
        lengths = [
            [reader.doc_field_length(d, f) for f in FIELD_BOOSTS] for d in reader.all_doc_ids()
        ]
        return postings, lengths, [f["id"] for f in reader.all_stored_fields()]


@pytest.fixture(scope="module")
def many_docs():
    from benchmarks.matcher import synthetic_kb

    return list(ARTICLES) + synthetic_kb(400)[0]


@pytest.fixture(scope="module")
def whoosh_written(many_docs, tmp_path_factory):
    """What whoosh's own writer writes for ``many_docs``."""
    reference = WhooshIndex(tmp_path_factory.mktemp("whoosh"))
    writer = reference.ix.writer()
    for doc in many_docs:
        writer.add_document(**document_fields(doc, analyse(doc).fields))
    writer.commit()
    contents = segment_contents(reference.ix)
    assert len(contents[0]) > 1000 and len(contents[1]) == len(many_docs)
    longest = max(len(postings) for postings in contents[0].values())
    assert longest > 2 * 128  # postings over several of whoosh's blocks (128 postings each)
    return contents


@pytest.mark.parametrize("background", [False, True])
def test_rebuild_writes_the_segment_whooshs_writer_writes(
    many_docs, whoosh_written, tmp_path, monkeypatch, background
):
    monkeypatch.setattr("social.matching.index.BACKGROUND_MIN", 1 if background else 10**9)
    ours = WhooshIndex(tmp_path)
    ours.rebuild(((doc, analyse(doc).fields) for doc in many_docs), count=len(many_docs))
    assert segment_contents(ours.ix) == whoosh_written


def test_background_rebuild_failing_midway_leaves_the_index_as_it_was(tmp_path):
    index = WhooshIndex(tmp_path)
    index.rebuild((doc, analyse(doc).fields) for doc in ARTICLES)
    before = segment_contents(index.ix)

    def items():
        for i, doc in enumerate(ARTICLES * 600):
            if i == 1500:
                raise ValueError("bad article")
            yield doc, analyse(doc).fields

    with pytest.raises(ValueError, match="bad article"):
        write_in_background(tmp_path, items(), timeout=5)
    with pytest.raises(WriterFailed, match="LockError"):  # the writer cannot get the lock
        with index.ix.writer():
            write_in_background(tmp_path, ((d, analyse(d).fields) for d in ARTICLES), timeout=0.1)
    assert segment_contents(WhooshIndex(tmp_path).ix) == before


def test_background_rebuild_waits_for_the_commit_when_meanwhile_fails(tmp_path):
    WhooshIndex(tmp_path)

    def meanwhile():
        raise RuntimeError("counting failed")

    items = ((doc, analyse(doc).fields) for doc in ARTICLES)
    with pytest.raises(RuntimeError, match="counting failed"):
        write_in_background(tmp_path, items, timeout=5, meanwhile=meanwhile)
    assert len(segment_contents(WhooshIndex(tmp_path).ix)[1]) == len(ARTICLES)
