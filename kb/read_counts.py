"""Article reads ("Most read"), counted in memory and written in batches, off the request path.

Each process adds reads to a buffer; in a server process (:func:`start`, from ``kb/wsgi.py``)
a daemon thread writes it every ``FLUSH_SECONDS`` (one UPDATE per article read since, in one
transaction), and so does the process when it exits.
A killed process loses at most that many seconds of reads, which a popularity count allows.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import F

log = logging.getLogger(__name__)

FLUSH_SECONDS = 5.0

_pending: Counter[int] = Counter()
_lock = threading.Lock()
_thread: threading.Thread | None = None


def record(page_id: int) -> None:
    """Count one read of the article ``page_id`` (written by the next flush)."""
    with _lock:
        _pending[page_id] += 1


def flush() -> int:
    """Write the buffered reads; returns how many reads were written."""
    from kb.models import ArticlePage, ArticleReadCount

    with _lock:
        batch = dict(_pending)
        _pending.clear()
    if not batch:
        return 0
    try:
        with transaction.atomic():
            for page_id, count in sorted(batch.items()):
                updated = ArticleReadCount.objects.filter(page_id=page_id).update(
                    count=F("count") + count
                )
                if not updated and ArticlePage.objects.filter(pk=page_id).exists():
                    try:
                        with transaction.atomic():
                            ArticleReadCount.objects.create(page_id=page_id, count=count)
                    except IntegrityError:  # another process created it meanwhile
                        ArticleReadCount.objects.filter(page_id=page_id).update(
                            count=F("count") + count
                        )
    except Exception:
        with _lock:  # keep them for the next flush
            _pending.update(batch)
        raise
    return sum(batch.values())


def start() -> None:
    """Flush every ``FLUSH_SECONDS`` in a daemon thread and at exit (server processes)."""
    global _thread
    if _thread is not None:
        return
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_flush_forever, name="read-counts", daemon=True)
            _thread.start()
            atexit.register(_flush_quietly)


def _flush_forever() -> None:
    while True:
        time.sleep(FLUSH_SECONDS)
        close_old_connections()
        _flush_quietly()


def _flush_quietly() -> None:
    try:
        flush()
    except Exception:
        log.exception("writing article read counts failed")
