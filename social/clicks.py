"""`/social/r/<token>/`: count a click on a reply's link, then go to the reply's article.

It only ever redirects to the article's own URL on this site (no open redirect)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django_ratelimit.decorators import ratelimit

from social.models import LinkClick, Reply


@ratelimit(key="ip", rate="30/m", block=True)
def follow(request, token):
    reply = get_object_or_404(Reply.objects.select_related("article"), token=token)
    article = reply.article
    if article is None or not article.live:
        raise Http404
    if reply.state == Reply.State.SENT:
        LinkClick.objects.create(reply=reply)
    return redirect(article.url + "?ref=social")
