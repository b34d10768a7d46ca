"""Where a matched name begins and ends, for learning.redaction.names: the Matcher finds a name's core, and
these carry it on through the parts the patterns do not spell out (middle names, initials and capitals
surnames, particles such as "ap" and "da", hyphens, romanised given names such as "Min-jun").
"""
from __future__ import annotations

from spacy.tokens import Doc

from .lexicon import PARTICLES
from .words import CAPS, CAPS_GIVEN, FAMILY_FIRST, INITIAL, NAME_TAGS, SURNAME_WORD

PART_TAGS = set(NAME_TAGS) | {CAPS, CAPS_GIVEN, INITIAL}


def through_particles(doc: Doc, end: int) -> int:
    """The end of a name that goes on through particles ("Dafydd | ap Rhys", "Lucas Pereira | da Silva")."""
    i = end
    while i < len(doc) and doc[i].lower_ in PARTICLES and (doc[i].is_lower or doc[i].is_title):
        i += 1
        if i - end > 2:
            return end
    if i == end or i >= len(doc):
        return end
    following = doc[i]
    if following.tag_ in PART_TAGS or (following.is_title and following.is_alpha and len(following) > 1):
        return name_end(doc, i, len(doc))
    return end


def through_syllable(doc: Doc, end: int) -> int:
    """The end of a name whose given name has a lower-case syllable after a hyphen and a surname after that
    ("Min-jun Park", "Xiao-ling Chen"), as Korean and Chinese given names are often romanised. The syllable
    may already be in the name (a rare lower-case word is a name part too)."""
    if end + 2 < len(doc) and joined_by_hyphen(doc, end - 1):
        given_at, stop = end - 1, end + 2
    elif end >= 3 and joined_by_hyphen(doc, end - 3):
        given_at, stop = end - 3, end
    else:
        return end
    given, syllable = doc[given_at], doc[given_at + 2]
    if stop >= len(doc) or not (given.is_title and syllable.is_lower and syllable.is_alpha and len(syllable) <= 5):
        return end
    surname = doc[stop]
    if not (surname.is_title and surname.is_alpha and (surname.tag_ in PART_TAGS or surname.tag_ == SURNAME_WORD)):
        return end
    return name_end(doc, stop, len(doc))


def syllable_before(doc: Doc, first: int) -> int:
    """Where a name starts when a romanised given name of that shape comes before it ("Ji-hoon | Kim", "Seo-yeon |
    Lee"): a short capitalised syllable, a hyphen and a lower-case one, joined."""
    if first < 3 or not joined_by_hyphen(doc, first - 3) or not doc[first - 1].whitespace_:
        return first
    given, syllable = doc[first - 3], doc[first - 1]
    short = 2 <= len(given) <= 5 and len(syllable) <= 5 and given.is_alpha and syllable.is_alpha
    if short and given.is_title and syllable.is_lower:
        return first - 3
    return first


def name_end(doc: Doc, start: int, limit: int) -> int:
    """Where the name that starts at `start` ends: after its name words, capitals surnames and initials, or
    the given-name syllables after a family name written first ("Ho Ka Yan")."""
    family = doc[start].tag_ == FAMILY_FIRST
    i = start + 1
    while i < limit:
        token = doc[i]
        if not (token.tag_ in PART_TAGS or (family and token.is_title and token.is_alpha and len(token) <= 5)):
            break
        i += 1
    return i


def joined_by_hyphen(doc: Doc, i: int) -> bool:
    """Whether token i is followed, with no space, by a hyphen and then, with no space, by another token."""
    return i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_
