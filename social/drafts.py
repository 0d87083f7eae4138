"""Which draft a complaint gets: only from a good match, in the tone of the complaint.

- Abuse or spam gets no draft (the inbox suggests Spam).
- Praise gets thanks, with no article.
- Otherwise the best unrejected suggestion drafts the answer when it is a good match (the
  matcher's confident flag); without one there is no
  draft: "no good match", the CM picks an article or writes the text, and the complaint is a
  content gap.

The complaint page shows a `Proposal` without writing anything; the first POST saves it
(`save`), keeping the tracked-link token the CM saw so the text sent is the text shown.
"""

from dataclasses import dataclass

from social import replies, sending, tone
from social.models import Reply, new_token

NO_MATCH = "no_match"
ABUSE = "abuse"


@dataclass
class Proposal:
    """A draft not saved yet; `text` is empty when there is none, and `reason` says why."""

    text: str = ""
    article: object = None
    token: str = ""
    reason: str = ""
    tone: str = tone.PROBLEM


def good_match(suggestion):
    return suggestion is not None and suggestion.confident


def propose(complaint, user):
    """The draft the complaint page offers when none is saved (nothing is written)."""
    kind = tone.classify(complaint.text)
    if kind == tone.ABUSE:
        return Proposal(reason=ABUSE, tone=kind)
    if kind == tone.PRAISE:
        return Proposal(replies.draft_answer(complaint, None, user, ""), tone=kind)
    top = complaint.top_suggestion()
    token = new_token()
    if not good_match(top):
        return Proposal(reason=NO_MATCH, tone=kind)
    article = replies.localised(top.article.specific, complaint.language)
    text = replies.draft_answer(complaint, article, user, token)
    return Proposal(text, article, token, "", kind)


def save(complaint, user, text=None, article=None, token="", kind=Reply.Kind.ANSWER):
    """`sending.save_draft`, keeping the tracked-link token of the proposal the CM saw."""
    return sending.save_draft(complaint, user, text=text, article=article, kind=kind, token=token)


def after_reject(complaint, suggestion, user):
    """The CM rejected `suggestion`: a draft linking it is drafted again from the next good
    suggestion, or discarded. Returns the article the draft now links, or None."""
    reply = sending.live_reply(complaint)
    following = complaint.top_suggestion()
    if reply is None or reply.state not in sending.EDITABLE:
        return following.article if good_match(following) else None
    if reply.article_id != suggestion.article_id:
        return reply.article
    if good_match(following):
        return sending.save_draft(complaint, user, article=following.article).article
    Reply.objects.filter(pk=reply.pk, state__in=sending.EDITABLE).delete()
    return None
