"""The content change log: what every process must catch up with, recorded in the database.

Publishing, unpublishing or deleting a page, a change to what the matcher knows about an article
(its aliases, its answer count) and a new, edited or hidden forum post each add a row. Each
process follows the log with :class:`Feed` objects: a follower polls the rows it has not seen
(a daemon thread every ``POLL_SECONDS`` in a server process, :func:`catch_up` right after this
process records a change) and applies them: the anonymous page cache starts a new generation
(``kb/page_cache.py``), the social matcher re-reads the changed articles
(``social/index_sync.py``). Processes need not share a disk, only the database.
"""

import logging
import threading
import time
from collections.abc import Callable

from django.db import close_old_connections, models
from django.db.models import Max, Q

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
GAP_SECONDS = 60.0  # how long an id skipped by the sequence may still turn up (a slow commit)
MAX_GAPS = 1000  # only the ids just below the newest can still be in flight


class ContentChange(models.Model):
    """One change to published content, by kind and object id (a page or a forum topic)."""

    class Kind(models.TextChoices):
        ARTICLE = "article"  # an article page's matcher document changed (or it is gone)
        PAGE = "page"  # another page was published, unpublished or deleted
        FORUM = "forum"  # a forum topic or post changed
        SYNONYMS = "synonyms"  # the search synonyms changed (object id 0)

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        app_label = "kb"

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class Feed:
    """One reader's position in the log: :meth:`poll` returns the rows of ``kinds`` (all kinds
    by default) it has not seen yet.

    Ids are not always committed in order (PostgreSQL sequences, concurrent transactions): an
    id below the highest one seen that was missing is kept as a gap and asked for again for
    ``GAP_SECONDS``, so a slow transaction's change is not skipped.
    """

    def __init__(self, after: int | None = None, kinds: tuple[str, ...] | None = None) -> None:
        self.last_id = after  # None: start from the newest change, at the first poll
        self.kinds = kinds
        self.gaps: dict[int, float] = {}  # missing id -> when it was first missed
        self.last_wanted = 0  # the newest id of ``kinds`` seen

    def poll(self) -> list[tuple[int, str, int]]:
        """(id, kind, object_id) of the changes committed since the last poll, oldest first."""
        if self.last_id is None:
            self.last_id = self.last_wanted = latest_id()
            return []
        rows = ContentChange.objects.filter(Q(id__gt=self.last_id) | Q(id__in=list(self.gaps)))
        found = list(rows.order_by("id").values_list("id", "kind", "object_id"))
        now = time.monotonic()
        ids = {row[0] for row in found}
        for change_id in ids & self.gaps.keys():
            del self.gaps[change_id]
        newest = max(ids, default=self.last_id)
        for missing in range(max(self.last_id + 1, newest - MAX_GAPS), newest):
            if missing not in ids:
                self.gaps[missing] = now
        self.last_id = max(self.last_id, newest)
        self.gaps = {i: t for i, t in self.gaps.items() if now - t < GAP_SECONDS}
        wanted = [row for row in found if self.kinds is None or row[1] in self.kinds]
        self.last_wanted = max([self.last_wanted, *(row[0] for row in wanted)])
        return wanted

    def complete_through(self) -> int:
        """The highest id up to which this feed has seen every change that can still appear."""
        return min(self.gaps, default=(self.last_id or 0) + 1) - 1

    def version(self) -> str:
        """A token that changes whenever this feed sees a change of its kinds (or may have
        missed one), the same in every process that has seen the same changes."""
        return ".".join(str(i) for i in [self.last_wanted, *sorted(self.gaps)])


def latest_id() -> int:
    return ContentChange.objects.aggregate(last=Max("id"))["last"] or 0


_followers: list[Callable[[], None]] = []
_lock = threading.RLock()
_thread: threading.Thread | None = None


def follow(poll: Callable[[], None]) -> None:
    """Run ``poll`` on every catch-up of this process (each follower keeps its own Feed)."""
    if poll not in _followers:
        _followers.append(poll)


def catch_up() -> None:
    """Let every follower of this process apply what it has missed."""
    with _lock:
        for poll in _followers:
            poll()


def record(kind: str, object_id: int) -> None:
    """Log a change and apply it in this process at once (others see it within a poll)."""
    ContentChange.objects.create(kind=kind, object_id=object_id)
    catch_up()


def start_following(interval: float = POLL_SECONDS) -> None:
    """Catch up every ``interval`` seconds in a daemon thread (server processes; idempotent)."""
    global _thread
    with _lock:
        if _thread is not None and _thread.is_alive():
            return
        _thread = threading.Thread(
            target=_follow_forever, args=(interval,), name="content-changes", daemon=True
        )
        _thread.start()


def _follow_forever(interval: float) -> None:
    while True:
        time.sleep(interval)
        try:
            close_old_connections()
            catch_up()
        except Exception:
            log.exception("catching up with the content change log failed")
