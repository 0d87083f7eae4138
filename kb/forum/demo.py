"""Demo forum (`manage.py load_demo`): sections, topics with replies, solved answers, votes,
and one reported spam reply for the moderators. Idempotent: existing topics are left alone."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from kb import roles
from kb.forum.models import Flag, ForumSection, HelpfulVote, MeToo, Post, Subscription, Topic

PASSWORD = "onereply-demo"

SECTIONS = [
    ("domains-dns", "Domains & DNS", "Registering, transferring and pointing your domains."),
    ("email", "E-mail", "Mailboxes, forwarding, webmail, bounces and spam."),
    ("hosting", "Hosting", "Web hosting, SSL certificates, databases and deployments."),
    ("billing", "Billing & account", "Invoices, renewals, payment methods and your account."),
    ("general", "General", "Everything else, and saying hello."),
]
EXTRA_MEMBERS = [("jules", "Jules Martin"), ("amira", "Amira Haddad"), ("noor", "Noor Bakker")]
SPAMMER = ("bestdeals", "Best Deals")

# (section, title, author, question, [(author, reply)], index of the accepted reply, me-too users)
TOPICS = [
    (
        "email",
        "My mails bounce with 550 5.1.1",
        "jules",
        "Since yesterday every mail I send to my colleague comes back with "
        "`550 5.1.1 user unknown`. Did something change on your side?",
        [
            ("amira", "I had that last month: the address had a typo in my contacts."),
            (
                "moderator",
                "A 550 5.1.1 means the *recipient's* server does not know the address. "
                "Check the spelling, then ask them whether the mailbox still exists. "
                "Our article **Why do my e-mails bounce?** explains each bounce code.",
            ),
            ("jules", "It was a typo in the address. Thank you!"),
        ],
        1,
        ["amira", "customer"],
    ),
    (
        "domains-dns",
        "DNS change not visible after 2 hours",
        "customer",
        "I changed the A record of my domain to my new server two hours ago, "
        "but the browser still shows the old site.",
        [
            (
                "editor",
                "DNS answers are cached for the record's TTL. If the TTL was 86400 you may "
                "wait up to a day. Lower the TTL before your next change.",
            ),
            ("customer", "It works now, it was the TTL."),
        ],
        0,
        ["jules"],
    ),
    (
        "hosting",
        "Free SSL certificate stuck on pending",
        "amira",
        "I enabled the free certificate for my site a day ago and it still says *pending*.",
        [("noor", "Same here. Is your domain pointing to Nimbus already?")],
        None,
        ["noor", "jules", "customer"],
    ),
    (
        "billing",
        "Can I pay my renewals by bank transfer?",
        "noor",
        "My company does not use cards. Is a bank transfer possible for domain renewals?",
        [],
        None,
        [],
    ),
    (
        "email",
        "Webmail asks for my password again and again",
        "customer",
        "After logging in to webmail, it sends me back to the login page.",
        [
            ("jules", "Clearing the cookies for webmail fixed it for me."),
            ("bestdeals", "Cheap followers and likes!!! Visit https://deals.example now"),
        ],
        None,
        ["amira"],
    ),
    (
        "domains-dns",
        "Transfer my domain to Nimbus: where is the auth code?",
        "jules",
        "I want to move my domain from another registrar. They mention an *auth code*.",
        [
            (
                "moderator",
                "The auth code (or EPP code) is given by your current registrar, in their "
                "control panel. Unlock the domain there too, then start the transfer here.",
            )
        ],
        None,
        [],
    ),
    (
        "hosting",
        "Site shows 502 Bad Gateway after deploy",
        "amira",
        "After deploying a new version of my app the site shows 502.",
        [("editor", "Does your app listen on the port given in the `PORT` variable?")],
        None,
        ["customer"],
    ),
    (
        "general",
        "Hello from Lyon!",
        "noor",
        "New customer here, happy to help others with DNS questions.",
        [("moderator", "Welcome to the community!")],
        None,
        [],
    ),
]


def ensure_user(username, full_name):
    User = get_user_model()
    first, last = full_name.split(" ", 1)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@nimbus.example", "first_name": first, "last_name": last},
    )
    if created:
        user.set_password(PASSWORD)
        user.date_joined = timezone.now() - timedelta(days=60)
        user.save()
        user.groups.add(Group.objects.get(name=roles.CUSTOMERS))
    return user


def users_by_name():
    User = get_user_model()
    for username, full_name in [*EXTRA_MEMBERS, SPAMMER]:
        ensure_user(username, full_name)
    return {user.username: user for user in User.objects.all()}


def create_topic(users, sections, spec, started):
    section, title, author, question, replies, solution, me_too = spec
    topic = Topic.objects.create(
        section=sections[section], title=title, author=users[author], created=started
    )
    when = started
    posts = [
        Post.objects.create(topic=topic, author=users[author], body_markdown=question, created=when)
    ]
    for reply_author, body in replies:
        when += timedelta(hours=3)
        posts.append(
            Post.objects.create(
                topic=topic, author=users[reply_author], body_markdown=body, created=when
            )
        )
    topic.question = posts[0]
    topic.last_activity = when
    if solution is not None:
        topic.solution = posts[1 + solution]
        HelpfulVote.objects.create(post=topic.solution, user=users[author])
    topic.save()
    for username in me_too:
        MeToo.objects.create(topic=topic, user=users[username])
    for username in {post.author.username for post in posts} - {SPAMMER[0]}:
        Subscription.objects.get_or_create(topic=topic, user=users[username])
    return posts


@transaction.atomic
def load(stdout):
    sections = {}
    for order, (slug, name, description) in enumerate(SECTIONS):
        sections[slug], _ = ForumSection.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    users = users_by_name()
    created = 0
    now = timezone.now()
    for n, spec in enumerate(TOPICS):
        if Topic.objects.filter(title=spec[1]).exists():
            continue
        posts = create_topic(users, sections, spec, started=now - timedelta(days=len(TOPICS) - n))
        created += 1
        for post in posts:
            if post.author.username == SPAMMER[0]:
                Flag.objects.create(post=post, user=users["customer"], reason=Flag.Reason.SPAM)
    stdout.write(
        f"Forum: {len(sections)} sections, {created} new topics "
        f"(members jules, amira, noor; password {PASSWORD})."
    )
