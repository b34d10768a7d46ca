"""Finding people's names with spaCy's Matcher: after a title, after a relation or staff-role word, from a list
of common given names, around verbs and phrases that only people take ("Jo rang", "Dave from estates", "Pat
fell"), before details ("Ellis (4/5/06)", "Hope (pt)"), in "SURNAME, Given" and family-name-first orders, and
the record's own known names.

The hard part is not finding capitalised words but leaving alone the capitalised words that are not names
("Patient Safety team", "Mr Bump" falls signs, "Dr on call", ward, drug, hospital and equipment names). How
name-like each word is comes from learning.redaction.words; the vetoes in learning.redaction.vetoes drop a match by
what is around it (their word lists are in learning.redaction.lexicon), and learning.redaction.extent says where a
name ends.
"""
from __future__ import annotations

import re

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from .extent import PART_TAGS, joined_by_hyphen, name_end, syllable_before, through_particles, through_syllable
from .lexicon import EQUIPMENT_NOUNS, HYPHENED_PARTICLES, PARTICLES, POSSESSED, STATES
from .vetoes import (
    _AFTER_MODAL, _BED_NAME_ENDS, _CUE_RULES, _CUED_NAME_TAGS, _EPONYM_NOUNS, _ID_SHAPE, _LEADING_RULES, _LONG_NUMBER,
    _MODALS, _PLACE_PREPOSITIONS, _QUOTES, TITLES, _after_saint_or_royal, _at_sentence_start, _is_place_word,
    _an_acronym, _month_after_day, _not_a_person, _not_a_person_here, _word_at_start,
)
from .words import (
    ACT, AMBIGUOUS, BED, CAPS, CAPS_GIVEN, CLASSES, CUE_TAGS, DETAIL, DOB_WORDS, FAMILY_FIRST, FIRST, FROM, INITIAL,
    LOWER_AMBIGUOUS, LOWER_FIRST, LOWER_RARE, MONTH_NAME, NAME_CUE, NAME_TAGS, PATIENT, PERSON_NOUN, PERSON_VERB,
    RELATION,
    ROLE_LABEL, ROLE_LABELS, SHORT_NAME, STAFF_ROLES, STRONG, SURELY, SURELY_TAGS, SURNAME_WORD, TEAM, TITLE_LOWER,
    TITLE_OTHER, TITLE_PERSONAL,
)
PARTICLE = {"LOWER": {"IN": sorted(PARTICLES)}}
# A surname in capitals alone after a title or "pt": four letters or more, as acronyms not in the abbreviation
# list are mostly three ("pt ACS", "Patient AKI").
LONG_CAPS = {"TAG": {"IN": [CAPS, CAPS_GIVEN]}, "LENGTH": {">=": 4}}  # (a given name in capitals too: "Pt FRANCIS")
# A word of a name in capitals: not a detail or role label that happens to be capitals too ("MRN", "HCA").
CAPS_PART = {"TAG": {"IN": [CAPS, CAPS_GIVEN]}, "NORM": {"NOT_IN": [DETAIL, ROLE_LABEL, TEAM]}}
# Words after "X in" that put a named person in a bed ("Grace in bed 6 received...", "pt lennox in bed 2").
IN_BED = {"LOWER": {"IN": ["bed", "bay", "side", "room", "sr", "cubicle"]}}


NAME = {"TAG": {"IN": NAME_TAGS}}
SURELY_NAME = {"TAG": {"IN": SURELY_TAGS}}
NAME_OR_INITIAL = {"TAG": {"IN": NAME_TAGS}, "OP": "?"}
# Up to two more names after a given name: middle names and three-part names ("Gurpreet Kaur Sandhu").
MORE_NAMES = {"TAG": {"IN": NAME_TAGS}, "OP": "{0,2}"}
SURELY_OR_GIVEN = {"TAG": {"IN": SURELY_TAGS + [AMBIGUOUS]}}
GIVEN = {"POS": "PROPN"}  # FIRST, SURELY or AMBIGUOUS (words.GIVEN_TAGS)
# Given-name syllables after a family name written first ("Li Na", "Ho Ka Yan"): any short capitalised word.
SYLLABLE = {"IS_TITLE": True, "IS_ALPHA": True, "LENGTH": {"<=": 5}}
# A name without a cue, in each order: given names and a surname, a surname in capitals before or after the
# given name ("FERGUSON Alasdair", "Winifred DAVIES"), a family name first ("Ho Ka Yan").
NAME_SEQUENCES = [
    [GIVEN, {"TAG": {"IN": NAME_TAGS + [CAPS]}, "OP": "{0,2}"}],
    [{"TAG": CAPS}, GIVEN, NAME_OR_INITIAL],
    [{"TAG": FAMILY_FIRST}, SYLLABLE, dict(SYLLABLE, OP="?")],
]


def build_matcher(vocab) -> Matcher:
    """Patterns whose match ends with the name; `name_spans` says, per rule, where the name begins."""
    for name in CLASSES:
        vocab.strings.add(name)
    matcher = Matcher(vocab)
    dot = {"ORTH": ".", "OP": "?"}
    initial = {"TAG": INITIAL}
    family_first = [{"TAG": FAMILY_FIRST}, SYLLABLE, dict(SYLLABLE, OP="?")]
    # Mr Smith, Mrs J Smith, Dr A. Khan, Sister Jones: the title stays, the name goes. After Mr/Mrs/Ms/Miss
    # any name-shaped word will do ("Mrs Green"); after Dr and the rest it must not be an everyday word,
    # since "...the night dr. Found next morning" is two sentences. "Miss" takes no full stop ("near miss.
    # Learning points"; see name_spans).
    # Each title class is its own pattern, so the Matcher's first test is an equality in C, not a set test in
    # Python: it runs on every token.
    titles = [
        ([{"LEMMA": TITLE_LOWER}, dot], NAME),
        ([{"LEMMA": TITLE_PERSONAL}, dot], NAME),
        ([{"LEMMA": TITLE_OTHER}, dot], SURELY_NAME),
    ]
    patterns = []
    for title, name in titles:
        patterns += [
            title + [name, MORE_NAMES],
            title + [name, {"TAG": CAPS}],
            title + [name, {"TAG": SURNAME_WORD}],  # "Mrs Bridget Ward lives..." (not before a bed: see _not_a_person)
            title + [{"TAG": SURNAME_WORD}],  # "Mrs Ward called" (not "Mr Ward 12": see _not_a_person)
            # "Mrs J Smith", "MR J HOLLOWAY" (a surname in capitals, four letters or more: see name_spans)
            title + [initial, {"ORTH": ".", "OP": "?"}, {"TAG": {"IN": NAME_TAGS + [CAPS]}}],
            title + [NAME, initial, NAME],
            title + family_first,
            title + [PARTICLE, dict(PARTICLE, OP="?"), NAME],
            title + [LONG_CAPS],  # "Mr SMITH"
        ]
    patterns += [[{"ORTH": title}, NAME, NAME_OR_INITIAL] for title in ("Dr", "Prof", "Sister")]
    patterns.append([{"ORTH": "Sister"}, initial, {"ORTH": ".", "OP": "?"}, NAME])
    matcher.add("TITLE_NAME", patterns)
    # patient John Smith, son Peter, wife Margaret, pharmacist Raj: the relation or role word stays.
    relation = {"LEMMA": {"IN": [STRONG, RELATION]}}
    strong_cue = {"LEMMA": STRONG}
    matcher.add("RELATION_NAME", [
        [relation, SURELY_NAME, MORE_NAMES],
        [relation, GIVEN, {"TAG": CAPS}],
        [relation] + family_first,
        # "pt KAMIL NOWICKI": a name all in capitals after a cue.
        [relation, CAPS_PART, CAPS_PART],
        [{"LOWER": {"IN": ["pt", "patient"]}}, LONG_CAPS],  # "pt SMITH"
        # "pt A Khan", "carer I Patel": an initial that is also a word is one before an uncommon surname, after
        # a strong cue only (with no cue "A Venflon" and "I Patel" are a thing and the writer).
        [strong_cue, initial, dot, {"TAG": {"IN": [SURELY, CAPS]}}],
    ])
    # "pt Min-jun Park": a romanised given name, whatever its first syllable, and a surname. Flags only, as
    # this runs after every cue: the syllables' lengths and the hyphen's spacing are checked in
    # _not_a_person_here.
    matcher.add("ROMANISED_NAME", [
        [strong_cue, {"IS_TITLE": True}, {"ORTH": "-"}, {"IS_LOWER": True}, {"IS_TITLE": True}],
    ])
    # After a strong cue the name may be a word as well ("husband Mark", "son Will Archer"), short ("pt Li
    # Wei"), followed by a surname that is a word ("pt Jasmine Ward"), or in lower case ("pt john smith",
    # "mrs jones"; "frank" only with a surname or a verb: "pt frank harris had frank haematuria", "pt jack fell").
    strong = {"LEMMA": STRONG}
    lower_name = {"TAG": {"IN": [LOWER_RARE, LOWER_FIRST]}}
    lower_surname = dict(lower_name, OP="?")
    matcher.add("CUED_WORD_NAME", [
        [strong, {"TAG": AMBIGUOUS}, NAME_OR_INITIAL],
        [strong, {"TAG": SHORT_NAME}, SURELY_NAME],
        # "HCA June", "wife April" (not "pt June 2025": see _not_a_person)
        [strong, {"TAG": MONTH_NAME}],
        [strong, {"TAG": {"IN": [FIRST, SURELY, AMBIGUOUS]}}, {"TAG": SURNAME_WORD}],
        [strong, {"TAG": LOWER_FIRST}, lower_surname],
        [strong, {"TAG": LOWER_AMBIGUOUS}, {"TAG": LOWER_RARE}],
        [{"LEMMA": TITLE_LOWER}, {"TAG": {"IN": [LOWER_RARE, LOWER_FIRST, LOWER_AMBIGUOUS]}}, lower_name],
        [{"LEMMA": TITLE_LOWER}, {"TAG": {"IN": [LOWER_RARE, LOWER_FIRST]}}],
    ])
    # "dr patel (FY2)": a doctor's surname in lower case, told by the grade or role after it
    matcher.add("LOWER_DOCTOR", [[{"ORTH": "dr"}, {"TAG": LOWER_RARE}, {"ORTH": "(", "OP": "?"}, {"NORM": ROLE_LABEL}]])
    # "pt jack fell", "pt lennox in bed 2": a lower-case name told by the verb or the bed after it.
    lower_any = {"TAG": {"IN": [LOWER_RARE, LOWER_FIRST, LOWER_AMBIGUOUS]}}
    matcher.add("CUED_LOWER_THEN_VERB", [
        [{"LEMMA": cue}, {"TAG": LOWER_AMBIGUOUS}, {"NORM": {"IN": [ACT, PERSON_VERB]}}]
        for cue in (STRONG, TITLE_LOWER)
    ] + [
        # "pt lennox in bed 2", "pt lewandowski bay 2 bed 4"
        [{"LEMMA": cue}, lower_any, {"LOWER": "in", "OP": "?"}, IN_BED, {"LIKE_NUM": True}]
        for cue in (STRONG, TITLE_LOWER)
    ])
    # "pt is ivy marsh", "patient is Ivy Marsh": given name and surname after "pt is".
    matcher.add("PATIENT_IS_NAME", [
        [{"LOWER": {"IN": ["pt", "patient"]}}, {"LOWER": "is"}, {"TAG": {"IN": [LOWER_FIRST, LOWER_AMBIGUOUS]}},
         lower_name],
        [{"LOWER": {"IN": ["pt", "patient"]}}, {"LOWER": "is"}, GIVEN, NAME],
    ])
    # "hi this is dave on nights", "This is Amira from the ward": the writer or caller naming themselves, a listed
    # given name in any case, with a surname if one follows.
    matcher.add("THIS_IS_NAME", [
        [{"LOWER": "this"}, {"LOWER": "is"}, {"TAG": {"IN": [LOWER_FIRST, FIRST]}},
         {"TAG": {"IN": [LOWER_RARE, SURELY]}, "OP": "?"}],
    ])
    # "known as Danny", "Chantelle (DOB ...", "Walter Sykes": a name told by what is around it.
    matcher.add("CUED_NAME", [
        [{"LOWER": "known"}, {"LOWER": "as"}, SURELY_OR_GIVEN, NAME_OR_INITIAL],
        # "known as 'Tommo'": a nickname in quotes, whatever word it is
        [{"LOWER": "known"}, {"LOWER": "as"}, {"ORTH": {"IN": sorted(_QUOTES)}}, {"TAG": {"IN": NAME_TAGS}},
         {"ORTH": {"IN": sorted(_QUOTES)}}],
        [{"LOWER": {"IN": ["name", "surname", "forename", "firstname"]}},
         {"LOWER": {"IN": ["is", ":", "was", "spelled", "spelt", "as", "("]}, "OP": "?"},
         SURELY_OR_GIVEN, NAME_OR_INITIAL],
        # "goes by Scouse", "(aka Bazza)": a nickname, whatever word it is
        [{"LOWER": "goes"}, {"LOWER": "by"}, {"IS_TITLE": True, "IS_ALPHA": True}],
        [{"LOWER": "aka"}, {"IS_TITLE": True, "IS_ALPHA": True}],
    ] + [
        # "Name: Patel, Jayshreeben", "surname: Ali, Mohamed": a surname, a comma and whatever given name follows
        # (one pattern per label: the Matcher tries a first token's equality test in C, a set test in Python)
        [{"LOWER": label}, {"ORTH": ":"}, {"TAG": {"IN": NAME_TAGS + [CAPS]}}, {"ORTH": ","},
         {"IS_TITLE": True, "IS_ALPHA": True}]
        for label in ("name", "surname")
    ] + [
        # "carer name given as Shane", "name recorded as Sue Platt"
        [{"LOWER": {"IN": ["name", "surname", "forename"]}}, {"LOWER": {"IN": ["given", "recorded", "documented"]}},
         {"LOWER": "as"}, SURELY_OR_GIVEN, NAME_OR_INITIAL],
        [{"LEMMA": STRONG}, {"ORTH": "-", "OP": "?"}, {"LOWER": "in"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "law"}, {"ORTH": ",", "OP": "?"}, SURELY_NAME, NAME_OR_INITIAL],
        # "her partner 'Deano'", "wife calls him 'Paddy'": a nickname in quotes after a relation or "calls him"
    ] + [
        [{"LEMMA": cue}, {"IS_QUOTE": True}, {"IS_TITLE": True, "IS_ALPHA": True}, {"IS_QUOTE": True}]
        for cue in (STRONG, RELATION)
    ] + [
        # "NOK listed as Marty", "registered as Sunil"
        [{"LOWER": verb}, {"LOWER": "as"}, SURELY_OR_GIVEN, NAME_OR_INITIAL]
        for verb in ("listed", "registered", "booked")
    ] + [
        # (one pattern per verb form, so that the Matcher's first test at each token is an equality)
        [{"LOWER": verb}, {"LOWER": {"IN": ["him", "her", "them"]}},
         {"IS_QUOTE": True}, {"IS_TITLE": True, "IS_ALPHA": True}, {"IS_QUOTE": True}]
        for verb in ("calls", "called", "call")
    ] + [
        # "granddaughter (Sasha, 12)", and a given name that is also a word or a short one alone in the brackets
        # ("neighbour (Pat)", "son (Will, 17)"; see name_spans)
        [relation, {"ORTH": "("}, {"TAG": {"IN": SURELY_TAGS + [AMBIGUOUS, SHORT_NAME]}}, NAME_OR_INITIAL],
    ])
    # A name told by what follows it, in any of the orders above: details ("Ellis (4/5/06)", "Rosa dob",
    # "FERGUSON Alasdair NHS 943..."), a description in brackets ("Hope (pt)", "Ama (30 wks pregnant)"), a
    # possessive ("Rhys's mum", "Tariq's MRN"), what a person does or is ("Pat fell", "Ivy was restless").
    # The name is the leading words of the match.
    possessive = [{"LOWER": {"IN": ["'s", "’s"]}}, {"LOWER": {"IN": POSSESSED}}]
    tails = [
        [{"ORTH": {"IN": ["(", ","]}, "OP": "?"}, {"NORM": {"IN": [DETAIL, ACT]}}],
        [{"ORTH": "("}, {"IS_PUNCT": False, "OP": "{0,2}"}, {"NORM": PERSON_NOUN}],
        possessive,
        [{"LOWER": {"IN": ["was", "is", "became", "remained", "remains"]}}, {"LOWER": {"IN": STATES}}],
    ]
    matcher.add("NAME_THEN_DETAILS", [sequence + tail for sequence in NAME_SEQUENCES for tail in tails] + [
        [{"TAG": LOWER_FIRST}] + possessive,  # "pt winston ... winston's son"
        # "Bertie (3640172930)", "Lamb (C0329174)": a long number, or a hospital number's shape, in brackets
        # straight after a capitalised word makes it a name, even a word's ("Lamb"; see _not_a_person)
        [{"IS_TITLE": True, "IS_ALPHA": True}, {"ORTH": "("}, {"TEXT": {"REGEX": _ID_SHAPE.pattern}}],
        # "O'Donnell, bed 12: given...": an uncommon surname, a comma and the bed (see _not_a_person)
        [{"TAG": SURELY}, {"ORTH": ","}, {"NORM": BED}, {"LIKE_NUM": True}],
        # a surname the writer labels as one, whatever word it is ("Pt Young (surname)")
        [{"TAG": {"IN": NAME_TAGS + [CAPS]}}, {"ORTH": "("}, {"LOWER": {"IN": ["surname", "forename", "nee", "née"]}}],
    ])
    # A name typed in lower case straight before its date of birth: "emma clarke dob 11.3.88", "for paul o'hara
    # dob ...". A listed given name first, then one or two words that are no everyday word.
    matcher.add("LOWER_NAME_THEN_DOB", [[
        {"TAG": LOWER_FIRST}, {"TAG": {"IN": [LOWER_RARE, LOWER_FIRST]}, "OP": "{1,2}"},
        {"LOWER": {"IN": DOB_WORDS}},
    ]])
    # A name typed in lower case with no cue: a listed given name that is no everyday word and a surname that is
    # none either ("wrong pt sticker - john hartley instead of john hartnell", "derek ainsworth had Hb 74").
    matcher.add("LOWER_GIVEN_SURNAME", [[{"TAG": LOWER_FIRST}, {"TAG": LOWER_RARE}, dict(lower_name, OP="?")]])
    # A name told by what follows it: "Precious HCA found", "Jo (RN)", "Dave from estates", "Jenny from the
    # district nursing team", and for a listed given name "Amira rang" (not any capitalised word: "Leeds
    # rang"). The name is the leading name-tagged words.
    matcher.add("NAME_THEN_ROLE", [
        [GIVEN, NAME_OR_INITIAL, {"ORTH": "(", "OP": "?"}, {"NORM": ROLE_LABEL}],
        [GIVEN, NAME_OR_INITIAL, {"ORTH": ","}, {"NORM": ROLE_LABEL}],  # "(Wiktoria, ODP)"
        # "Henderson (agency RN)", "Hope (new starter HCA)": words before the role, in brackets
        [GIVEN, NAME_OR_INITIAL, {"ORTH": "("}, {"IS_LOWER": True, "IS_ALPHA": True, "OP": "{1,2}"},
         {"NORM": ROLE_LABEL}],
        [GIVEN, NAME_OR_INITIAL, {"NORM": FROM}, {"IS_ALPHA": True, "OP": "{0,3}"}, {"NORM": TEAM}],
        [GIVEN, NAME_OR_INITIAL, {"NORM": PERSON_VERB}],  # not SURELY: see _not_a_person
        # "Ali the HCA on nights", "Sam the porter", in lower case too ("ahmed the porter")
        [GIVEN, NAME_OR_INITIAL, {"LOWER": "the"}, {"LOWER": {"IN": STAFF_ROLES + [r.lower() for r in ROLE_LABELS]}}],
        [{"TAG": LOWER_FIRST}, {"LOWER": "the"}, {"LOWER": {"IN": STAFF_ROLES + [r.lower() for r in ROLE_LABELS]}}],
        # "Bashir, security officer, restrained...": a name, a comma and the person's role
        [GIVEN, NAME_OR_INITIAL, {"ORTH": ","}, {"IS_LOWER": True, "IS_ALPHA": True, "OP": "?"},
         {"LOWER": {"IN": STAFF_ROLES}}, {"ORTH": ","}],
        # "Grace in bed 6 received...", "Cheng in bed 17 told night staff"
        [GIVEN, NAME_OR_INITIAL, {"LOWER": "in"}, IN_BED, {"LIKE_NUM": True}],
        # "edna bay 3 bed 2 (dob ...)", "maureen in bed 6": a listed given name in lower case that is no word
        [{"TAG": LOWER_FIRST}, {"LOWER": "in", "OP": "?"}, IN_BED, {"LIKE_NUM": True}],
        # "Dobrowolski bed 6 and Nowak bed 9": patients told apart by bed. An uncommon surname, alone or after a
        # given name: a given name alone is more often a ward ("Rowan bed 3", "Holly bed 2"), and so is any
        # word after "on", "to", "from" (see _not_a_person).
        [GIVEN, {"TAG": SURELY, "OP": "?"}, {"NORM": BED}, {"LIKE_NUM": True}],
        # "OKONKWO bed 12 - IV gent given": a surname in capitals told by the bed; five letters or more and
        # not ending in U, as units are named in capitals before a bed too ("PICU bed 2", "HASU bed 6")
        [{"TAG": CAPS, "LENGTH": {">=": 5}, "TEXT": {"REGEX": "[^U]$"}}, {"NORM": BED}, {"LIKE_NUM": True}],
    ])
    # "bed 9 Connolly instead of bed 10 Conway", "from bed 12 (Dariusz)": a patient named by the bed before the
    # name. The name is after the number; what follows must close the mention (see _BED_NAME_ENDS), so that
    # "bed 4 Tazocin given" is left alone.
    matcher.add("BED_THEN_NAME", [
        [{"NORM": BED}, {"LIKE_NUM": True}, {"TAG": {"IN": SURELY_TAGS}}, {"TAG": SURELY, "OP": "?"}],
        [{"NORM": BED}, {"LIKE_NUM": True}, {"ORTH": "("}, {"TAG": {"IN": SURELY_TAGS + [AMBIGUOUS]}},
         {"TAG": SURELY, "OP": "?"}, {"ORTH": ")"}],
    ])
    # "Baby SMITH (twin 2)", "Bed 1 - JONES 78 ?CAP": a surname in capitals alone, after "baby" before a bracket or
    # comma, or after a bed before an age; not an acronym ("bed 4 CPAP 2 days": see name_spans and _not_a_person).
    matcher.add("CUE_THEN_CAPS", [
        [{"LOWER": "baby"}, {"TAG": CAPS}, {"ORTH": {"IN": ["(", ","]}}],
        [{"NORM": BED}, {"LIKE_NUM": True}, {"ORTH": {"IN": ["-", ":", "–"]}, "OP": "?"}, {"TAG": CAPS},
         {"LIKE_NUM": True}],
    ])
    # "2 pts with surname PEARCE", "name: OKORO": a surname in capitals alone after a name label
    matcher.add("LABEL_THEN_CAPS", [
        [{"LOWER": label}, {"ORTH": ":", "OP": "?"}, LONG_CAPS] for label in ("surname", "name")
    ])
    # "Robert 'Bobby' Flynn": a nickname in quotes between the given name and the surname
    matcher.add("QUOTED_MIDDLE", [[
        {"TAG": FIRST}, {"IS_QUOTE": True}, {"IS_TITLE": True, "IS_ALPHA": True}, {"IS_QUOTE": True},
        {"TAG": {"IN": NAME_TAGS}},
    ]])
    # "Stephen Lomas (Stevie)", "Ruaridh MacDonald (Roo)": a familiar name in brackets after the full name. The
    # name is the one in brackets; the full name is found anyway.
    matcher.add("FULL_THEN_NICKNAME", [[
        {"TAG": FIRST}, {"TAG": {"IN": NAME_TAGS}}, {"ORTH": "("}, {"TAG": {"IN": NAME_TAGS}, "IS_TITLE": True},
        {"ORTH": ")"},
    ]])
    # "Will (William Ashworth)", "Tommo (Thomas Moran)": a short or familiar name, then the full name in
    # brackets, starting with the same letter. The name is the leading word; the full name is found anyway.
    # (Each first token here is one equality test, as the Matcher tries every pattern at every token.)
    matcher.add("NICKNAME_THEN_FULL", [[
        GIVEN, {"ORTH": {"IN": sorted(_QUOTES)}, "OP": "?"},
        {"ORTH": "("}, {"TAG": FIRST}, {"TAG": {"IN": NAME_TAGS + [CAPS]}},
    ]])
    # "O'NEILL Patrick", "KOWALSKI Jan": a surname in capitals before a listed given name is a name wherever it
    # stands (an acronym of four letters or more that is no abbreviation or everyday word is rarer than this).
    # Four letters or more, checked in name_spans rather than here, for the same reason.
    # A surname that is a given name too ("AHMED Farah") is in capitals all the same.
    matcher.add("CAPS_SURNAME_GIVEN", [
        [{"TAG": CAPS}, {"TAG": FIRST, "IS_TITLE": True}, NAME_OR_INITIAL],
        [{"TAG": CAPS_GIVEN}, {"TAG": FIRST, "IS_TITLE": True}, NAME_OR_INITIAL],
        # "ZHANG Wei", "WONG Ka Yan": a Chinese family name in capitals and a short given name
        [{"TAG": CAPS}, {"TAG": {"IN": [FAMILY_FIRST, SHORT_NAME]}, "IS_TITLE": True}, NAME_OR_INITIAL],
    ])
    # "MCDONALD, JAMES" on a wristband or label: a surname in capitals, a comma and a listed given name in capitals,
    # wherever it stands (see name_spans: four letters or more).
    matcher.add("CAPS_SURNAME_COMMA_GIVEN", [
        [{"TAG": tag}, {"ORTH": ","}, {"TAG": CAPS_GIVEN}] for tag in (CAPS, CAPS_GIVEN)
    ])
    # "T. Brannigan (pt in bed 4)", "bag for D. Okafor given to R. Okafor", "pt R. OKAFOR": an initial, with or
    # without its full stop, and an uncommon surname or one in capitals. Not after a word that takes a letter
    # ("vitamin K. Konakion", "Hep B", "bay C"; see _not_a_person_here).
    matcher.add("INITIAL_SURNAME", [
        [{"TAG": INITIAL}, dot, {"TAG": {"IN": [SURELY, FIRST, FAMILY_FIRST, CAPS]}}, {"TAG": SURELY, "OP": "?"}],
    ])
    # A name written in capitals, given name first ("DONALD FERGUSON MRN..."): a listed given name and a
    # capitalised word that is no acronym or everyday word.
    matcher.add("CAPS_NAME", [[{"TAG": CAPS_GIVEN}, CAPS_PART, dict(CAPS_PART, OP="?")]])
    # "Cook, Stanley - dob ...", "Patient ID error: Ahmed, Yusuf and ...": surname, comma, listed given name,
    # where a name opens the narrative or a clause (see _not_a_person).
    matcher.add("SURNAME_COMMA_GIVEN", [
        [{"TAG": {"IN": NAME_TAGS + [CAPS, CAPS_GIVEN]}}, {"ORTH": ","}, {"TAG": FIRST}, NAME_OR_INITIAL],
        # "dela Cruz, Arnel", "van Dijk, Pieter": a surname with its particle
        [PARTICLE, {"TAG": {"IN": NAME_TAGS + [CAPS]}}, {"ORTH": ","}, {"TAG": FIRST}, NAME_OR_INITIAL],
    ])
    # "HORVATH, Bence RXF 2231904", "RWA0031822 NAGY, Zsombor": a surname in capitals and a given name that is no
    # everyday word, listed or not, beside the patient's number (see _not_a_person: "SBAR, Tamsin gave handover"
    # is an acronym). Four letters or more, with a vowel: "HPV, Gardasil" and "(MMRV, Priorix)" are vaccines.
    matcher.add("CAPS_SURNAME_COMMA_UNLISTED", [[
        {"TAG": CAPS}, {"ORTH": ","}, {"TAG": SURELY, "IS_TITLE": True}, NAME_OR_INITIAL,
    ]])
    # "Gabor, Dusan 23/05/1984", "Tang, Wai Man NHS 958...", "Shah, Bhavesh 4315592765": surname, comma and one
    # or two capitalised words, whatever they are, told by the date of birth, a number's label or a long number
    # straight after them. The name is all but the detail.
    name_then_comma = [
        {"TAG": {"IN": NAME_TAGS + [CAPS]}}, {"ORTH": ","}, {"IS_TITLE": True, "IS_ALPHA": True},
        {"IS_TITLE": True, "IS_ALPHA": True, "OP": "?"},
    ]
    matcher.add("SURNAME_COMMA_THEN_DETAILS", [
        name_then_comma + [{"NORM": DETAIL}],
        name_then_comma + [{"TEXT": {"REGEX": r"^(?:\d{6,10}|[A-Z]{1,4}\d{5,9})$"}}],
    ])
    # "WARD, Jason", "LORD, Amy": a surname that is a word, in capitals before a comma and a listed given name
    matcher.add("WORD_SURNAME_COMMA_GIVEN", [
        [{"ORTH": word}, {"ORTH": ","}, {"TAG": FIRST}] for word in ("WARD", "LORD")
    ])
    # "seen by Okonkwo", "witnessed by Sarah Lomax", "per Okafor": who did or said something. The name is
    # after "by" or "per" (see name_spans); "reviewed by Cardiology" is kept by the tags, "seen by Leeds team"
    # by _not_a_person.
    by = {"LOWER": {"IN": ["seen", "witnessed", "reviewed", "checked", "examined", "assessed", "found", "attended",
                           "countersigned", "signed", "administered", "escalated", "reported", "discussed"]}}
    matcher.add("BY_NAME", [
        [by, {"LOWER": "by"}, SURELY_OR_GIVEN, NAME_OR_INITIAL],
        # "checked at 1400 by S. Bell": "by", an initial and a surname, whatever word it is (see _not_a_person)
        [{"LOWER": "by"}, {"TAG": INITIAL}, {"ORTH": ".", "OP": "?"}, {"IS_TITLE": True, "IS_ALPHA": True}],
        [{"LOWER": "per"}, SURELY_OR_GIVEN, NAME_OR_INITIAL],
    ])
    # "baby of Kelly Marsh", "BABY OF HUSSAIN": a newborn named by the mother.
    matcher.add("BABY_OF", [[
        {"LOWER": "baby"}, {"LOWER": "of"}, {"TAG": {"IN": NAME_TAGS + [CAPS, CAPS_GIVEN]}},
        {"TAG": {"IN": NAME_TAGS + [CAPS]}, "OP": "?"},
    ]])
    # pt SMITH, Jennifer; Name: JONES, Mary: a surname in capitals, a comma and a given name, after a cue
    # (capitals alone are too often acronyms: "SBAR, Bethany handed over").
    matcher.add("CUED_SURNAME_COMMA", [
        # "pt WONG Siu Ming": the given name may be a family name too (tagged FAMILY_FIRST)
        # "pt JAMES, Clifford": the surname may be a given name too (tagged CAPS_GIVEN)
        [{"LEMMA": cue}, {"TAG": {"IN": [CAPS, CAPS_GIVEN]}}, {"ORTH": ",", "OP": "?"}, SURELY_OR_GIVEN,
         NAME_OR_INITIAL]
        for cue in (STRONG, NAME_CUE)
    ])
    # "Gavin and Shona", "HCA Jo and Precious": a name joined to a listed or cued one. The name is the second.
    matcher.add("AND_NAME", [
        [{"TAG": FIRST}, {"LOWER": {"IN": ["and", "&"]}}, SURELY_OR_GIVEN, NAME_OR_INITIAL],
        [relation, SURELY_OR_GIVEN, {"LOWER": {"IN": ["and", "&"]}}, SURELY_OR_GIVEN, NAME_OR_INITIAL],
        # "Ahmed, Yusuf and Ahmed, Yousef", "EVANS, Owen and EVANS, Owain": the second name in the same order
        [{"TAG": FIRST}, {"LOWER": {"IN": ["and", "&"]}}, {"TAG": {"IN": NAME_TAGS + [CAPS, CAPS_GIVEN]}},
         {"ORTH": ","}, {"TAG": {"IN": SURELY_TAGS}}],
    ])
    # Two or three uncommon capitalised words ("Nguyen Thi Lan"), or a family name written first and one.
    matcher.add("FULL_NAME", [
        [GIVEN, SURELY_NAME, {"TAG": {"IN": SURELY_TAGS}, "OP": "?"}],
        # "Gruffydd ap Hywel", "Maria do Carmo Silva"
        [GIVEN, PARTICLE, dict(PARTICLE, OP="?"), SURELY_NAME, {"TAG": {"IN": SURELY_TAGS}, "OP": "?"}],
        # "Sabah Al-Jubouri", "Omar El-Sayed": a particle joined to the family name
        [GIVEN, {"LOWER": {"IN": sorted(HYPHENED_PARTICLES)}}, {"ORTH": "-"}, {"IS_TITLE": True, "IS_ALPHA": True}],
        [{"TAG": FAMILY_FIRST}, SURELY_NAME],
    ])
    # Margaret, Margaret Jones, May Thompson (an everyday word only with a surname).
    matcher.add("GIVEN_NAME", [
        [{"TAG": FIRST, "IS_TITLE": True}, MORE_NAMES],
        # "Leanne CROCKER had...", "Shanice CAMPBELL", "Gurpreet Kaur SANDHU" (a surname that is a given name too)
        [{"TAG": FIRST, "IS_TITLE": True}, dict(NAME, OP="?"), {"TAG": {"IN": [CAPS, CAPS_GIVEN]}, "LENGTH": {">=": 3}}],
        [{"TAG": AMBIGUOUS, "IS_TITLE": True}, NAME, NAME_OR_INITIAL],
        # Months that are given names, only before a surname that is no everyday word ("June Thompson").
        [{"TAG": MONTH_NAME}, SURELY_NAME],
    ])
    return matcher


def name_spans(doc: Doc, matcher: Matcher) -> list[tuple[int, int]]:
    """Character spans of names in the doc, without the title or relation word before them."""
    spans = []
    strings = doc.vocab.strings
    for match_id, start, match_end in matcher(doc):
        rule = strings[match_id]
        first, end = start, match_end
        if rule == "TITLE_NAME" and doc[start].lower_ == "miss" and start + 1 < len(doc):
            if doc[start + 1].text == ".":
                continue
        if rule == "TITLE_NAME" and doc[match_end - 1].tag_ == CAPS and len(doc[match_end - 1]) < 4:
            continue  # "Mr J TKR": a procedure, not a surname
        if rule in _CUE_RULES:
            first = start + 1
            if first < end and doc[first].text == ".":
                first += 1
            if rule == "CUED_LOWER_THEN_VERB":
                end = first + 1
            # "therapy: SALT Annette": a role in capitals is the cue, not a surname
            if rule == "CUED_SURNAME_COMMA" and doc[first].lower_ in STAFF_ROLES:
                first += 2 if doc[first + 1].text == "," else 1
        elif rule == "CUED_NAME":
            # the cue comes first and is never the name ("Pt (Paul Smith)": "Pt" reads as a short name)
            first = next(i for i in range(start + 1, end) if doc[i].tag_ in _CUED_NAME_TAGS or doc[i - 1].is_quote)
            if doc[end - 1].is_quote:  # "known as 'Tommo'": the quotes stay
                end -= 1
            # a name that is a word ("Ray", "Will") or a short one, alone in brackets, only when they close on it
            # or a comma follows ("neighbour (Pat)", "son (Will, 17)"; not "carer (Bank staff)")
            if doc[first].tag_ in (AMBIGUOUS, SHORT_NAME) and doc[first - 1].text == "(" and end - first == 1:
                if end >= len(doc) or doc[end].text not in (")", ","):
                    continue
        elif rule in _LEADING_RULES:
            end = name_end(doc, start, match_end)
        elif rule == "SURNAME_COMMA_THEN_DETAILS":
            end = match_end - 1
        elif rule == "FULL_THEN_NICKNAME":
            first, end = match_end - 2, match_end - 1
        elif rule == "LOWER_DOCTOR":
            first, end = start + 1, start + 2
        elif rule == "LOWER_NAME_THEN_DOB":
            end = match_end - 1
        elif rule == "LABEL_THEN_CAPS":
            first = end - 1  # (an acronym staff write is vetoed for any one capitals word: _not_a_person)
        elif rule in ("PATIENT_IS_NAME", "THIS_IS_NAME"):
            first = start + 2
        elif rule == "BED_THEN_NAME":
            first = start + 3 if doc[start + 2].text == "(" else start + 2
            if doc[end - 1].text == ")":
                end -= 1
            elif end < len(doc) and doc[end].lower_ not in _BED_NAME_ENDS:
                continue
        elif rule == "CUE_THEN_CAPS":
            first = next(i for i in range(start + 1, match_end) if doc[i].tag_ == CAPS)
            end = first + 1
            if _an_acronym(doc[first].text):
                continue
        elif rule == "NICKNAME_THEN_FULL":
            end = start + 1
            full = next(i for i in range(start + 1, match_end) if doc[i].text == "(") + 1
            # "moved to Seacole (Sarah Jones informed)": a ward after "to", "on", "from" is no nickname; nor is
            # "Pt (Paul Smith)" or "Patient (Peter ...)", which only share a letter with the name.
            if (
                doc[start].text[:1] != doc[full].text[:1]
                or (start and doc[start - 1].lower_ in _PLACE_PREPOSITIONS)
                or doc[start].lower_ in PATIENT
            ):
                continue
        elif rule == "CAPS_SURNAME_COMMA_GIVEN":
            if len(doc[start]) < 4:
                continue
        elif rule == "CAPS_SURNAME_GIVEN":
            if len(doc[start]) < 4 or doc[start].lower_ in STAFF_ROLES:
                continue  # "SALT Joanna": a role in capitals before the name
            if doc[start + 1].tag_ != FIRST and _an_acronym(doc[start].text):
                continue  # "LSCS Cat 2": an acronym before a short word, not "ZHANG Wei"
            end = name_end(doc, start, len(doc))
        elif rule in ("BY_NAME", "BABY_OF"):
            first = next(i for i in range(start, end) if doc[i].lower_ in ("by", "per", "of")) + 1
        elif rule == "AND_NAME":
            first = next(i for i in range(start + 1, end) if doc[i].lower_ in ("and", "&")) + 1
        if first >= end or _not_a_person(doc, rule, first, end, match_end):
            continue
        # Double-barrelled names are split by the tokenizer: "Doyle", "-", "Harper"; "Kerry", "-", "Ann".
        while end + 1 < len(doc) and joined_by_hyphen(doc, end - 1) and doc[end + 1].tag_ in CUE_TAGS:
            end += 2
        while first >= 2 and joined_by_hyphen(doc, first - 2) and doc[first - 2].tag_ in CUE_TAGS:
            first -= 2
        end = through_particles(doc, through_syllable(doc, end))
        first = syllable_before(doc, first)
        # "DANIEL OWUSU RJX 4410021", "PRITCHARD Huw PRI/0089451", "Carys Bevan ABM/22/441907", "Jaswinder Gill LRI
        # 0087321N": a code in capitals before a long number, or before a slash or hyphen and digits, is the
        # number's prefix.
        if end - first > 1 and end < len(doc) and doc[end - 1].is_upper and (
            _LONG_NUMBER.fullmatch(doc[end].text)
            or (
                doc[end].text in ("/", "-") and not doc[end - 1].whitespace_  # (not "ADEYEMI / 1989-07-22")
                and end + 1 < len(doc) and doc[end + 1].text[:1].isdigit()
            )
        ):
            end -= 1
        span = doc[first:end]
        spans.append((span.start_char, span.end_char))
    return spans + _repeated_names(doc, spans)


def _repeated_names(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Other mentions of a name found by a cue: "Amber (SN) was punched... Amber went to ED". The same
    capitalised word, written the same way, anywhere else in the narrative, unless it names a place there
    ("pt Holly Price... moved to Holly ward")."""
    if not spans:
        return []
    inside = set()
    words = set()
    for token in doc:
        if any(start <= token.idx < end for start, end in spans):
            inside.add(token.i)
            if token.is_alpha and len(token) > 1 and token.tag_ in PART_TAGS and token.lower_ not in TITLES:
                words.add(token.text)
    found = []
    for token in doc:
        if token.i in inside or token.text not in words:
            continue
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if after is not None and (_is_place_word(after) or after.lower_ in EQUIPMENT_NOUNS | _EPONYM_NOUNS):
            continue
        # "son Will ... Will be reviewed", "Frank ... Frank haematuria": the word, not the name, here.
        if after is not None and token.text in _MODALS and after.lower_ in _AFTER_MODAL:
            continue
        if _after_saint_or_royal(doc, token.i, token.i + 1) or _month_after_day(doc, token.i):
            continue
        # "nurse Sara Jones... the Arjo Sara", "dietitian Shona... interpreter (Shona)": a product or language.
        if _not_a_person_here(doc, "REPEATED", token.i, token.i + 1, token.i + 1):
            continue
        # (the word opening a sentence: "Rose to 39.2", unless an adverb follows, "Rose understandably upset")
        if _at_sentence_start(doc, token.i) and _word_at_start(doc, token.i) and not _adverb(after):
            continue
        found.append((token.idx, token.idx + len(token)))
    return found


def _adverb(token) -> bool:
    """An adverb in "-ly" ("understandably", "visibly"), which follows a person more often than a verb opening a
    sentence ("Rose steadily" is rarer than "Rose clearly upset")."""
    return token is not None and token.is_lower and len(token) > 4 and token.text.endswith("ly")


def known_name_matcher(nlp, names: list[str]) -> PhraseMatcher | None:
    """A matcher for the record's own names, whole and part by part (case-insensitive)."""
    phrases = set()
    for name in names:
        name = name.strip()
        if not name or not re.search(r"[A-Za-z]", name) or re.search(r"\d", name):
            continue
        phrases.add(name)
        phrases.update(part for part in re.split(r"[\s,]+", name) if len(part) >= 2 and part.lower() not in TITLES)
    if not phrases:
        return None
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("KNOWN", [nlp.make_doc(p) for p in phrases])
    return matcher
