"""Demo data for the social inbox (called by `manage.py load_demo`; running it again adds
nothing): complaints in English and French on three networks, an outage cluster, a complaint
with HTML in it, content gaps, drafts, a few replies already sent so the metrics show, and the
site searches of a few days, some of which found nothing good (the content-gap report)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from kb import search
from kb.models import ArticlePage, SearchQuery
from social import drafts, sending
from social.ingest.store import ingest
from social.models import Complaint, Reply
from social.networks.outbox import OutboxBackend

# (minutes ago, network, handle, text)
COMPLAINTS = [
    (8, "x", "webshop_lea", "site down, 502 bad gateway!! my shop is losing sales @NimbusDomains"),
    (9, "x", "bakery_tom", "@NimbusDomains 502 bad gateway on my site since 10 min, site down?"),
    (10, "mastodon", "ana@fosstodon.org", "site down with a 502 error, anyone else on Nimbus?"),
    (11, "bluesky", "devjoe.bsky.social", "is nimbus down? 502 bad gateway on all my sites"),
    (12, "x", "marcopolo", "502 Bad Gateway again... site down #NimbusDown"),
    (13, "x", "photo_studio", "my website is down, 502 bad gateway @NimbusDomains help"),
    (14, "mastodon", "kim@mastodon.social", "@nimbus site down: 502 bad gateway, please fix"),
    (15, "x", "cafe_lune", "site down 502 since this morning, clients cannot order"),
    (20, "x", "sarah_writes", "@NimbusDomains my mails bounce since yesterday, help!"),
    (25, "x", "ceo_startup", "All our e-mails bounce with 550 5.1.1 user unknown @NimbusDomains"),
    (
        30,
        "bluesky",
        "paul.bsky.social",
        "my domain expired and my site is gone, how do I get it back",
    ),
    (35, "x", "jules_dev", "@NimbusDomains DNS_PROBE_FINISHED_NXDOMAIN on my new domain"),
    (40, "mastodon", "lou@piaille.fr", "Mon certificat SSL a expiré, le site affiche une alerte"),
    (45, "x", "claire_b", "@NimbusDomains impossible de me connecter au webmail, aidez-moi"),
    (50, "x", "remi_fr", "Mes mails partent en spam chez mes clients, que faire ?"),
    (55, "x", "nico_shop", "@NimbusDomains j'ai perdu mon téléphone, plus de code 2FA"),
    (60, "x", "anna_k", "I lost my phone and can't get my 2FA code @NimbusDomains"),
    (65, "bluesky", "mira.bsky.social", "my card was declined when renewing, payment failed"),
    (70, "x", "hacker_kid", '<script>alert("pwned")</script> your site is slow lol'),
    (75, "x", "tim_t", "how do I change the PHP version of my website?"),
    (80, "mastodon", "bea@mamot.fr", "Comment transférer mon domaine chez Nimbus ?"),
    (85, "x", "gina_g", "Does Nimbus Drive sync work on Linux? can't find it anywhere"),
    (90, "x", "oskar", "@NimbusDomains when will you support Nimbus Drive on Linux?"),
    (95, "bluesky", "theo.bsky.social", "Is there a Nimbus VPN app for my router?"),
    (100, "x", "lea_m", "Votre appli Nimbus Drive plante sur mon Mac, aucune doc"),
    (120, "x", "max_power", "@NimbusDomains my mails bounce, again. 3rd time this month"),
    (150, "x", "julie_r", "unexpected charge from Nimbus Domains on my card??"),
    (180, "mastodon", "sam@fosstodon.org", "webmail says wrong password but I just reset it"),
    (200, "x", "ben_b", "I can receive e-mail but cannot send anything since today"),
    (240, "x", "zoe_z", "my website is slow, pages take 10 seconds to load"),
]
# Site searches of the last days: (words, language, visitors who typed them, days ago)
SEARCHES = [
    ("nimbus drive linux", "en", 3, 1),
    ("nimbus drive linux", "fr", 1, 2),
    ("node.js hosting", "en", 2, 3),
    ("hébergement node.js", "fr", 1, 4),
    ("my mails bounce", "en", 4, 1),
    ("certificat ssl expiré", "fr", 2, 2),
    ("change php version", "en", 2, 5),
]
# Answered already: external id -> (article slug, minutes after the complaint)
ANSWERED = {
    "demo-26": ("email-bounces", 18),
    "demo-27": ("unexpected-charge", 45),
    "demo-29": ("smtp-authentication-failed", 95),
}


def load(stdout):
    User = get_user_model()
    cm = User.objects.filter(username="cm").first()
    if cm is None or not ArticlePage.objects.live().exists():
        stdout.write("Social demo skipped: load the KB demo and its accounts first.")
        return
    now = timezone.now()
    created = 0
    for number, (minutes, network, handle, text) in enumerate(COMPLAINTS, start=1):
        record = {
            "network": network,
            "external_id": f"demo-{number}",
            "author_handle": handle,
            "author_id": handle,
            "text": text,
            "created_at": now - timedelta(minutes=minutes),
        }
        _complaint, outcome = ingest(record)
        created += outcome == "created"
    backend = OutboxBackend()
    for external_id, (slug, after) in ANSWERED.items():
        complaint = Complaint.objects.get(network="x", external_id=external_id)
        article = ArticlePage.objects.live().filter(slug=slug, locale__language_code="en").first()
        if article is None or complaint.status != Complaint.Status.NEW:
            continue
        reply = sending.send(
            sending.save_draft(complaint, cm, article=article), cm, backend=backend
        )
        answered_at = complaint.created_at + timedelta(minutes=after)
        Reply.objects.filter(pk=reply.pk).update(sent_at=answered_at)
        Complaint.objects.filter(pk=complaint.pk).update(first_response_at=answered_at)
    for complaint in Complaint.objects.filter(
        external_id__startswith="demo-", status=Complaint.Status.NEW, replies__isnull=True
    ):
        proposal = drafts.propose(complaint, cm)
        if proposal.text:
            drafts.save(complaint, cm, proposal.text, proposal.article, proposal.token)
    load_searches(now)
    stdout.write(f"Social inbox: {created} new demo complaints.")


def load_searches(now):
    """The demo's site searches, ranked by site search itself as a visitor's would be, once."""
    if SearchQuery.objects.exists():
        return
    for n, (words, language, visitors, days) in enumerate(SEARCHES):
        results = search.search(words, language)
        for visitor in range(visitors):
            when = now - timedelta(days=days, hours=visitor)
            row = SearchQuery.objects.create(
                query=words,
                language=language,
                result_count=len(results.hits),
                best_score=results.best_score,
                visitor=f"demo-{n}-{visitor}",
                day=when.date(),
            )
            SearchQuery.objects.filter(pk=row.pk).update(created_at=when)
