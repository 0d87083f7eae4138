"""Keep this process's matcher in step with the database through the content change log.

Every change to an article's matcher document (publish, unpublish, delete, a new alias) is a
row of ``kb.changes.ContentChange``. Each process follows the log from the point its index is
known to be complete and applies only the articles that changed, one re-read each
(``Matcher.apply``), whether or not it shares the index directory with the writer. An on-disk
index keeps that point in a ``changes-cursor`` file beside it, so a process that opens it
catches up with what happened while no process held it; if the log no longer reaches back
that far (pruned), the index is rebuilt from the database.
"""

import logging
import os
from pathlib import Path

from kb import changes
from kb.changes import ContentChange

Kind = ContentChange.Kind
log = logging.getLogger(__name__)

CURSOR_FILE = "changes-cursor"
REBUILD = 0  # the object id of a whole rebuild's change


class IndexSync:
    """Applies the article changes of the log to one matcher."""

    def __init__(self, matcher, index_dir, after, document, documents, synonyms):
        self.matcher = matcher
        self.cursor_path = None if index_dir is None else Path(index_dir) / CURSOR_FILE
        self.feed = changes.Feed(after=after, kinds=(Kind.ARTICLE, Kind.SYNONYMS))
        self.document = document  # article id -> its current Document, or None if not live
        self.documents = documents  # () -> every live article's Document
        self.synonyms = synonyms  # () -> the search synonyms (a matching.Synonyms)
        self.rebuilt_through = after
        self.started_from = after or 0
        self._applied()

    def poll(self):
        """Apply the changes this process has missed; returns the number of articles re-read.
        A change of article 0 is a whole rebuild made by another process: this one reloads the
        shared index if it changed on disk, else rebuilds its own. A change of the synonyms
        reloads them."""
        rows = self.feed.poll()
        if any(kind == Kind.SYNONYMS for _, kind, _ in rows):
            self.matcher.set_synonyms(self.synonyms())
        rows = [row for row in rows if row[1] == Kind.ARTICLE]
        if any(obj == REBUILD and change_id > self.rebuilt_through for change_id, _, obj in rows):
            self.rebuilt_through = max(change_id for change_id, _, _ in rows)
            if not self.matcher.refresh():
                self.matcher.rebuild(self.documents())
        article_ids = sorted({obj for change_id, _, obj in rows if obj != REBUILD})
        for article_id in article_ids:
            self.matcher.apply(str(article_id), self.document(article_id))
        if self.cursor_path is not None:
            through = self.feed.complete_through()
            if through > (read_cursor(self.cursor_path.parent) or 0):
                write_cursor(self.cursor_path.parent, through)
        self._applied()
        return len(article_ids)

    def _applied(self):
        """``version``: the same in two processes only if they hold the same articles (the
        newest article change applied, and the ids still awaited), so caches may share it.
        A process that started from a later change has another version until it sees one."""
        newest = max(self.started_from, self.feed.last_wanted)
        self._version = ".".join(str(i) for i in [newest, *sorted(self.feed.gaps)])
        self._generation = self.matcher.generation

    @property
    def version(self):
        """None while the matcher changed otherwise (a rebuild) since the last poll."""
        return self._version if self.matcher.generation == self._generation else None


def read_cursor(index_dir):
    """The change id through which the on-disk index at ``index_dir`` is complete, or None."""
    try:
        return int((Path(index_dir) / CURSOR_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return None


def write_cursor(index_dir, change_id):
    if index_dir is not None:
        path = Path(index_dir) / CURSOR_FILE
        tmp = path.with_suffix(f".{os.getpid()}")
        tmp.write_text(str(change_id))
        os.replace(tmp, path)


def reaches_back_to(change_id):
    """True if the log still holds every change after ``change_id`` (it was not pruned)."""
    oldest = ContentChange.objects.order_by("id").values_list("id", flat=True).first()
    return oldest is None or oldest <= change_id + 1
