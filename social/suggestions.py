"""The articles the matcher suggests for each complaint, stored with their scores.

Suggestions are in the complaint's language. A match in the other language counts only when it
is confident: it is replaced by its translation, or kept when it has none (the inbox labels
its language); otherwise its score says nothing (the words of another language do not match).
"""

import numpy as np
from django.db import transaction
from django.utils import timezone

from kb.models import ArticlePage
from social import article_index, replies
from social.models import Complaint, Suggestion

LIMIT = 3
CANDIDATES = 8  # matches looked at to fill LIMIT suggestions in the complaint's language


def in_language(complaint, matches, pages):
    """[(page, match)] for `complaint`, in its language, without repeats, best first."""
    found, seen = [], set()
    for match in matches:
        page = pages.get(int(match.doc_id))
        if page is None:
            continue
        if page.locale.language_code != complaint.language:
            if not match.confident:
                continue
            page = replies.localised(page, complaint.language)
        if page.pk not in seen:
            seen.add(page.pk)
            found.append((page, match))
    return found


def suggest(complaints):
    """Match each complaint and store its top suggestions (replacing unrejected old ones)."""
    matcher = article_index.get_matcher()
    meanings = matcher.meanings([c.text for c in complaints], [c.language for c in complaints])
    found = [
        matcher.match(c.text, limit=CANDIDATES, lang=c.language, meaning=meaning)
        for c, meaning in zip(complaints, meanings, strict=True)
    ]
    ids = {int(m.doc_id) for matches in found for m in matches}
    pages = ArticlePage.objects.live().select_related("locale").in_bulk(ids)
    with transaction.atomic():
        # Two processes matching the same complaints (an import and a replay) take turns.
        list(
            Complaint.objects.select_for_update()
            .filter(pk__in=[c.pk for c in complaints])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Suggestion.objects.filter(complaint__in=complaints, rejected_at__isnull=True).delete()
        rejected = set(
            Suggestion.objects.filter(complaint__in=complaints).values_list(
                "complaint_id", "article_id"
            )
        )
        rows = []
        for complaint, matches in zip(complaints, found, strict=True):
            rank = 0
            for page, match in in_language(complaint, matches, pages):
                if (complaint.pk, page.pk) in rejected or rank == LIMIT:
                    continue
                rank += 1
                rows.append(
                    Suggestion(
                        complaint=complaint,
                        article=page,
                        rank=rank,
                        score=match.score,
                        matched_terms=list(match.matched_terms),
                        confident=match.confident,
                    )
                )
        Suggestion.objects.bulk_create(rows, ignore_conflicts=True)
        for complaint, vector in zip(complaints, meanings, strict=True):
            complaint.matched = True
            complaint.meaning = None if vector is None else vector.astype(np.float16).tobytes()
        Complaint.objects.bulk_update(complaints, ["matched", "meaning"], batch_size=500)


def reject(suggestion, user):
    """A CM says "not this article": the suggestion stays (rank kept, for the metrics) but is no
    longer offered, drafted from or used for clustering."""
    suggestion.rejected_by = user
    suggestion.rejected_at = timezone.now()
    suggestion.save(update_fields=["rejected_by", "rejected_at"])
