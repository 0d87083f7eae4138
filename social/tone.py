"""What a complaint is, so its draft strikes the right tone: a problem (empathy), a question
(no apology), praise (thanks, no link needed) or abuse/spam (no draft; suggest Spam).

Rule-based and bilingual (English, French): word lists on the complaint's text, lower-cased
and without accents, checked in this order: abuse, problem, praise, question; a problem is the
default. Rules beat a model here: a CM can read them and see why a draft sounds the way it does.
"""

import re
import unicodedata

PROBLEM = "problem"
QUESTION = "question"
PRAISE = "praise"
ABUSE = "abuse"

# A script-injection probe: an event handler in a tag, a javascript: link, or the calls probes
# make. Not a customer quoting a tag ("where do I put the <script> of my analytics?").
_MARKUP = re.compile(
    r"<[^>]*[\s/]on\w+\s*=|javascript:\S|\b(?:alert|prompt|confirm|eval)[(`]"
    r"|document\.cookie|fromcharcode\s*\(",
    re.IGNORECASE,
)


def _words(*phrases):
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)")


# Insults aimed at people and spam; a frustrated customer's swearing is still a problem.
_ABUSE = _words(
    r"idiots?",
    r"morons?",
    r"losers?",
    r"f+u+c+k (?:you|off)",
    r"connards?",
    r"encules?",
    r"abrutis?",
    r"buy (?:cheap )?followers",
    r"crypto\w*",
    r"promo code",
    r"click here",
    r"gagnez",
    r"casino",
)
_PROBLEM = _words(
    r"down",
    r"outage",
    r"errors?",
    r"[45]\d\d",
    r"bounc\w*",
    r"broken",
    r"not working",
    r"(?:does|do|did|is|are)n'?t work\w*",
    r"fail\w*",
    r"expired?",
    r"lost",
    r"declined",
    r"slow",
    r"crash\w*",
    r"hacked",
    r"charged?",
    r"wrong password",
    r"(?:can ?not|can'?t|unable to) (?:log|sign|connect|send|receive|access|reach|open|load)\w*",
    r"gone",
    r"stuck",
    r"panne",
    r"erreurs?",
    r"plante\w*",
    r"(?:marche|fonctionne) (?:pas|plus)",
    r"impossible",
    r"expire\w*",
    r"perdu\w*",
    r"lent\w*",
    r"bloque\w*",
    r"rebond\w*",
    r"en spam",
    r"refuse\w*",
    r"pirate\w*",
)
_PRAISE = _words(
    r"thanks?",
    r"thank you",
    r"love",
    r"great",
    r"awesome",
    r"amazing",
    r"kudos",
    r"well done",
    r"best",
    r"merci",
    r"bravo",
    r"genial\w*",
    r"super",
    r"top",
    r"excellent\w*",
)
_QUESTION = _words(
    r"how",
    r"what",
    r"when",
    r"where",
    r"why",
    r"which",
    r"does",
    r"do you",
    r"can i",
    r"is there",
    r"comment",
    r"quand",
    r"pourquoi",
    r"est-ce",
    r"quel\w*",
    r"peut-on",
    r"puis-je",
)


def _plain(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def classify(text):
    """PROBLEM, QUESTION, PRAISE or ABUSE for a complaint's text (English or French)."""
    if _MARKUP.search(text):
        return ABUSE
    plain = _plain(text)
    if _ABUSE.search(plain):
        return ABUSE
    if _PROBLEM.search(plain):
        return PROBLEM
    if _PRAISE.search(plain):
        return PRAISE
    if "?" in plain or _QUESTION.search(plain):
        return QUESTION
    return PROBLEM
