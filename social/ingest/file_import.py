"""Import complaints from a JSONL or CSV file, streaming, in batches of one transaction each.

An interruption loses at most the batch being written; running the import again skips what
exists (unique on network + external id) and matches what was stored but not yet matched.
"""

import sys
import time
from dataclasses import dataclass, field

from django.db import DatabaseError

from social.ingest import records as rec
from social.ingest.store import Filter, store, triage
from social.models import Complaint

BATCH = 1000


@dataclass
class Summary:
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    rejected: list = field(default_factory=list)  # (line number, reason)

    def lines(self, show=20):
        yield f"Imported: {self.imported}"
        yield f"Duplicates: {self.duplicates}"
        yield f"Skipped (not complaints, reposts, brand or blocked accounts): {self.skipped}"
        yield f"Rejected: {len(self.rejected)}"
        for number, reason in self.rejected[:show]:
            yield f"  line {number}: {reason}"
        if len(self.rejected) > show:
            yield f"  … and {len(self.rejected) - show} more"


class Progress:
    """A one-line progress bar on a terminal stream (bytes read of the file)."""

    def __init__(self, total, stream=sys.stderr, every=0.2):
        self.total, self.stream, self.every, self.last = max(total, 1), stream, every, 0.0

    def update(self, done, count, force=False):
        now = time.monotonic()
        if not force and now - self.last < self.every:
            return
        self.last = now
        share = min(done / self.total, 1.0)
        bar = "#" * int(share * 30)
        self.stream.write(f"\r[{bar:<30}] {share:6.1%} {count} lines")
        if force:
            self.stream.write("\n")
        self.stream.flush()


def import_file(path, match=True, batch_size=BATCH, progress=None):
    """Import `path`; return a `Summary`. `progress` is a `Progress` or None."""
    summary = Summary()
    skip = Filter()
    if match:
        match_pending()
    stream, lines = rec.read_file(path)
    total = 0
    with stream:
        batch = []
        for number, result in lines:
            total += 1
            if isinstance(result, rec.Rejected):
                summary.rejected.append((number, str(result)))
            elif result is rec.SKIP or skip.reason(result):
                summary.skipped += 1
            else:
                batch.append((number, result))
            if len(batch) >= batch_size:
                _flush(batch, summary, match)
                batch = []
            if progress:
                progress.update(stream.buffer.tell() if hasattr(stream, "buffer") else 0, total)
        _flush(batch, summary, match)
    summary.rejected.sort()  # the database's refusals come after the reader's
    if progress:
        progress.update(progress.total, total, force=True)
    return summary


def _flush(batch, summary, match):
    """Store a batch at once; if the database refuses it, line by line, rejecting only the
    lines it refuses (with the database's reason)."""
    try:
        created, duplicates = store([record for _number, record in batch])
    except (DatabaseError, ValueError) as error:
        if len(batch) == 1:
            summary.rejected.append((batch[0][0], f"not stored: {error}"[:300]))
            return
        for line in batch:
            _flush([line], summary, match)
        return
    summary.imported += len(created)
    summary.duplicates += duplicates
    if match and created:
        triage(created)


def match_pending(batch_size=BATCH):
    """Match complaints stored but never matched (an import interrupted between the two)."""
    while True:
        pending = list(Complaint.objects.filter(matched=False).order_by("pk")[:batch_size])
        if not pending:
            return
        triage(pending)
