"""Forum pages for everyone (reading, searching) and members (asking, replying, voting)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, When
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from kb import page_cache
from kb.forum import deflection, rules, services, topic_index
from kb.forum.forms import (
    AskForm,
    BanForm,
    EditPostForm,
    FlagForm,
    MergeForm,
    MoveForm,
    PromoteForm,
    ReasonForm,
    ReplyForm,
)
from kb.forum.models import ForumSection, HelpfulVote, MeToo, Post, Subscription, Topic
from kb.forum.permissions import member_required
from kb.models import ArticlePage
from kb.roles import is_moderator
from kb.search import visitor_language

LISTING_FILTERS = {
    "active": ("-is_pinned", "-last_activity"),
    "newest": ("-created",),
    "unanswered": ("-created",),
    "solved": ("-last_activity",),
    "metoo": ("-me_too_count", "-last_activity"),
}
TOPICS_PER_PAGE = 20
FORUM_SEARCH_RATE = "60/m"


def listed_topics(section=None, listing="active", query="", language="en"):
    """The section's public topics for a listing; with a query, the matching ones, best
    first."""
    topics = (
        Topic.objects.public()
        .select_related("section", "author")
        .annotate(
            me_too_count=Count("me_toos", distinct=True),
            reply_count=Count(
                "posts", filter=Q(posts__approved=True, posts__hidden=False), distinct=True
            )
            - 1,
        )
    )
    if section is not None:
        topics = topics.filter(section=section)
    if listing == "unanswered":
        topics = topics.filter(reply_count=0)
    elif listing == "solved":
        topics = topics.filter(is_solved=True)
    if query:
        ranked = [topic.pk for topic, _match in topic_index.search(query, language)]
        order = Case(*(When(pk=pk, then=rank) for rank, pk in enumerate(ranked)))
        return topics.filter(pk__in=ranked).order_by(order) if ranked else topics.none()
    return topics.order_by(*LISTING_FILTERS[listing])


def topic_list(request, slug=None):
    section = get_object_or_404(ForumSection, slug=slug) if slug else None
    listing = request.GET.get("filter", "active")
    if listing not in LISTING_FILTERS:
        listing = "active"
    query = deflection.clean_query(request.GET.get("q"))
    if query and is_ratelimited(
        request, group="forum-search", key="ip", rate=FORUM_SEARCH_RATE, increment=True
    ):
        raise Ratelimited  # searches only: browsing the forum is not limited
    topics = listed_topics(section, listing, query, visitor_language())
    topics = Paginator(topics, TOPICS_PER_PAGE)
    response = render(
        request,
        "forum/topic_list.html",
        {
            "sections": ForumSection.objects.all(),
            "section": section,
            "listing": listing,
            "forum_query": query,
            "topics": topics.get_page(request.GET.get("page")),
            "filters": [
                ("active", _("Active")),
                ("newest", _("Newest")),
                ("unanswered", _("Unanswered")),
                ("solved", _("Solved")),
                ("metoo", _("Most “me too”")),
            ],
        },
    )
    return page_cache.cacheable(response)


def get_visible_topic(request, pk):
    """The topic if this user may see it (held or hidden questions: author and moderators)."""
    topic = get_object_or_404(Topic.objects.select_related("section", "question"), pk=pk)
    if topic.is_public or is_moderator(request.user):
        return topic
    if topic.merged_into_id is None and topic.author_id == request.user.pk:
        if not topic.question.hidden:
            return topic
    raise Http404


def topic_context(request, topic, reply_form=None):
    user = request.user
    moderator = is_moderator(user)
    can_post = rules.can_post(user)
    posts = services.visible_posts(topic, user)
    for post in posts:
        post.editable = can_post and (
            moderator or (post.author_id == user.pk and not post.hidden and not topic.is_locked)
        )
    context = {
        "topic": topic,
        "posts": posts,
        "can_post": can_post,
        "can_reply": can_post and (not topic.is_locked or moderator),
        "can_solve": can_post and (topic.author_id == user.pk or moderator),
        "me_too_count": topic.me_toos.count(),
        "flag_form": FlagForm(),
    }
    if user.is_authenticated:
        quoted = Post.objects.filter(pk=request.GET.get("quote") or 0, topic=topic).first()
        initial = {}
        if quoted and rules.can_see_post(user, quoted) and not quoted.hidden:
            lines = quoted.body_markdown.splitlines()
            initial["body"] = f"**{quoted.author.get_username()}** wrote:\n\n" + "\n".join(
                f"> {line}" for line in lines
            )
            initial["body"] += "\n\n"
        context.update(
            reply_form=reply_form or ReplyForm(user=user, initial=initial),
            i_have_it_too=MeToo.objects.filter(topic=topic, user=user).exists(),
            subscribed=Subscription.objects.filter(topic=topic, user=user).exists(),
            my_helpful=set(
                HelpfulVote.objects.filter(post__topic=topic, user=user).values_list(
                    "post_id", flat=True
                )
            ),
        )
    if moderator:
        context.update(
            hide_form=ReasonForm(),
            move_form=MoveForm(initial={"section": topic.section_id}),
            merge_form=MergeForm(),
            ban_form=BanForm(),
            promote_form=PromoteForm(),
        )
    article = topic.promoted_article
    context["live_article"] = article if article is not None and article.live else None
    return context


def topic_detail(request, pk):
    topic = get_visible_topic(request, pk)
    if topic.merged_into_id:
        return redirect(topic.merged_into)
    return page_cache.cacheable(render(request, "forum/topic.html", topic_context(request, topic)))


@member_required
@ratelimit(key="user", rate=rules.reply_rate, method="POST", group="forum-reply")
@require_POST
def reply(request, pk):
    topic = get_visible_topic(request, pk)
    if topic.merged_into_id or (topic.is_locked and not is_moderator(request.user)):
        raise PermissionDenied
    form = ReplyForm(request.POST, user=request.user)
    if not form.is_valid():
        context = topic_context(request, topic, reply_form=form)
        return render(request, "forum/topic.html", context, status=400)
    post = services.add_reply(request.user, topic, form.cleaned_data["body"])
    if not post.approved:
        messages.info(request, _("Thanks! As a new member, your first post waits for approval."))
    return redirect(post)


@member_required
@ratelimit(key="user", rate=rules.topic_rate, method="POST", group="forum-topic")
def ask(request):
    if request.method == "POST":
        form = AskForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            topic = services.create_topic(
                request.user, data["section"], data["title"], data["body"]
            )
            deflection.record_posted(request, topic)
            if not topic.question.approved:
                messages.info(
                    request, _("Thanks! As a new member, your first post waits for approval.")
                )
            return redirect(topic)
    else:
        initial = {"title": deflection.clean_query(request.GET.get("q"))}
        about = request.GET.get("about", "")
        about = about.isdigit() and ArticlePage.objects.live().filter(pk=about).first()
        if about:
            initial["body"] = _("I read “%(title)s” (%(url)s) but it did not solve my problem:") % {
                "title": about.title,
                "url": about.get_full_url(request),
            }
            initial["body"] += "\n\n"
        section = ForumSection.objects.filter(slug=request.GET.get("section") or "").first()
        if section:
            initial["section"] = section
        form = AskForm(user=request.user, initial=initial)
    return render(request, "forum/ask.html", {"form": form})


@require_GET
@ratelimit(key="ip", rate="120/m", group="forum-suggest")
def ask_suggest(request):
    """JSON suggestions for the question being typed; records what was shown."""
    query = deflection.clean_query(request.GET.get("q"))
    articles, topics = deflection.suggestions(query, visitor_language())
    if not articles and not topics:
        return JsonResponse({"articles": [], "topics": []})
    attempt = deflection.current_attempt(request)
    deflection.record_shown(attempt, query, articles, topics)
    go = "forum:ask_go"
    return JsonResponse(
        {
            "articles": [
                {
                    "title": a.title,
                    "summary": a.summary,
                    "url": reverse(go, args=[attempt.pk, "article", a.pk]),
                }
                for a in articles
            ],
            "topics": [
                {
                    "title": t.title,
                    "url": reverse(go, args=[attempt.pk, "topic", t.pk]),
                    "solved": t.is_solved,
                }
                for t in topics
            ],
        }
    )


@require_GET
def ask_go(request, attempt_id, kind, pk):
    """Record that a suggestion was opened, then go to it (local pages only)."""
    if kind not in ("article", "topic"):
        raise Http404
    if kind == "article":
        target = get_object_or_404(ArticlePage.objects.live(), pk=pk)
        url = target.get_url(request)
    else:
        target = get_object_or_404(Topic.objects.public(), pk=pk)
        url = target.get_absolute_url()
    attempt = deflection.current_attempt(request, create=False)
    if attempt is not None and attempt.pk == attempt_id:
        deflection.record_click(attempt, **{kind: target})
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        raise Http404
    return redirect(url)


def get_editable_post(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    moderator = is_moderator(request.user)
    if not rules.can_edit(request.user, post) or (post.hidden and not moderator):
        raise PermissionDenied
    if post.topic.is_locked and not moderator:
        raise PermissionDenied
    return post


@member_required
@ratelimit(key="user", rate=rules.reply_rate, method="POST", group="forum-edit")
def edit_post(request, pk):
    post = get_editable_post(request, pk)
    initial = {"body": post.body_markdown, "title": post.topic.title if post.is_question else ""}
    form = EditPostForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        title = form.cleaned_data["title"] if post.is_question else None
        services.edit_post(post, request.user, form.cleaned_data["body"], title=title)
        messages.success(request, _("Your changes are saved."))
        return redirect(post)
    return render(request, "forum/edit_post.html", {"form": form, "post": post})


def post_history(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    get_visible_topic(request, post.topic_id)
    if not rules.can_see_post(request.user, post) or (
        post.hidden and not is_moderator(request.user)
    ):
        raise Http404
    return render(
        request, "forum/post_history.html", {"post": post, "revisions": post.revisions.all()}
    )


@member_required
@require_POST
def mark_solution(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    topic = post.topic
    if not rules.can_mark_solution(request.user, topic):
        raise PermissionDenied
    try:
        solution = services.mark_solution(topic, post)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    if solution:
        messages.success(request, _("Marked as the answer. Thanks for closing the loop!"))
    return redirect(topic)


@member_required
@require_POST
@ratelimit(key="user", rate=rules.VOTE_RATE, group="forum-me-too")
def me_too(request, pk):
    topic = get_visible_topic(request, pk)
    services.toggle_me_too(request.user, topic)
    return redirect(topic)


@member_required
@require_POST
@ratelimit(key="user", rate=rules.VOTE_RATE, group="forum-helpful")
def helpful(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk, approved=True)
    get_visible_topic(request, post.topic_id)
    try:
        services.toggle_helpful(request.user, post)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    return redirect(post)


@member_required
@require_POST
def subscription(request, pk):
    topic = get_visible_topic(request, pk)
    if request.POST.get("subscribe") == "1":
        services.subscribe(request.user, topic)
        messages.success(request, _("You will get an e-mail for each new reply."))
    else:
        services.unsubscribe(request.user, topic)
        messages.success(request, _("You will no longer get e-mails about this topic."))
    return redirect(topic)


@member_required
@ratelimit(key="user", rate="30/h", method="POST", group="forum-flag")
@require_POST
def flag(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk, approved=True)
    get_visible_topic(request, post.topic_id)
    form = FlagForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a reason."))
    services.flag_post(request.user, post, form.cleaned_data["reason"], form.cleaned_data["note"])
    messages.success(request, _("Thanks, a moderator will look at it."))
    return redirect(post)
