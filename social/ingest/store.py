"""Turn records into Complaint rows: skip what must not be answered, deduplicate, then match
and cluster the new ones. Used by the file import, the webhook and the pollers."""

from dataclasses import asdict, is_dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from social import clusters, suggestions
from social.matching import normalize
from social.models import BlockedAccount, Complaint
from social.networks.config import brand_handles

LANGUAGES = {code for code, _name in settings.LANGUAGES}
FIELDS = {f.name for f in Complaint._meta.get_fields() if getattr(f, "concrete", False)}


class Filter:
    """Why a record is skipped (repost, the brand's own post, a blocked account), or None."""

    def __init__(self):
        self.brand = brand_handles()
        self.blocked = {
            (network, handle.lstrip("@").lower())
            for network, handle in BlockedAccount.objects.values_list("network", "handle")
        }

    def reason(self, record):
        handle = record["author_handle"].lstrip("@").lower()
        if record.get("is_repost"):
            return "repost"
        if handle in self.brand:
            return "brand's own post"
        if (record["network"], handle) in self.blocked:
            return "blocked account"
        return None


def record_from_post(post):
    """A record from an `IncomingPost` (pollers) or a mapping."""
    data = asdict(post) if is_dataclass(post) else dict(post)
    data["author_handle"] = str(data.get("author_handle") or "").lstrip("@")
    return {k: ("" if v is None and k != "language" else v) for k, v in data.items()}


def complaint_fields(record):
    fields = {k: v for k, v in record.items() if k in FIELDS and k != "id"}
    language = (fields.get("language") or "").split("-")[0].lower()
    # The help center speaks English and French; anything else ("und", "es"…) is detected.
    fields["language"] = language if language in LANGUAGES else normalize(record["text"]).lang
    return fields


def store(records):
    """Insert `records` (one batch, in one transaction); return (new complaints, duplicates).

    A record whose (network, external_id) already exists is a duplicate and changes nothing,
    even when another process inserts it at the same moment: only the insert that wrote the
    row returns it as new."""
    if not records:
        return [], 0
    keys = {(r["network"], r["external_id"]) for r in records}
    with transaction.atomic():
        existing = set()
        for network in {n for n, _ in keys}:
            ids = [e for n, e in keys if n == network]
            existing |= {
                (network, e)
                for e in Complaint.objects.filter(network=network, external_id__in=ids).values_list(
                    "external_id", flat=True
                )
            }
        fresh, seen = [], set(existing)
        for record in records:
            key = (record["network"], record["external_id"])
            if key not in seen:
                seen.add(key)
                fresh.append(Complaint(**complaint_fields(record)))
        created = _insert(fresh)
    return created, len(records) - len(created)


def _insert(complaints):
    """Insert in one statement; if another process inserted some meanwhile, one by one."""
    try:
        with transaction.atomic():
            return Complaint.objects.bulk_create(complaints)
    except IntegrityError:
        pass
    created = []
    for complaint in complaints:
        try:
            with transaction.atomic():
                complaint.save(force_insert=True)
        except IntegrityError:
            continue  # a duplicate after all
        created.append(complaint)
    return created


def triage(complaints):
    """Match new complaints against the articles and group them with similar ones."""
    complaints = sorted(complaints, key=lambda c: c.created_at)
    suggestions.suggest(complaints)
    clusters.assign(complaints)


def ingest(post, match=True):
    """Store one post (webhook, poller); return (complaint or None, outcome).

    Outcome is "created", "duplicate" or the reason it was skipped."""
    record = record_from_post(post)
    reason = Filter().reason(record)
    if reason:
        return None, reason
    created, _duplicates = store([record])
    if not created:
        existing = Complaint.objects.get(
            network=record["network"], external_id=record["external_id"]
        )
        return existing, "duplicate"
    if match:
        triage(created)
    return created[0], "created"
