"""Finding people's names with spaCy's Matcher: after a title, after a relation or staff-role word, from a list
of common given names, around verbs and phrases that only people take ("Jo rang", "Dave from estates", "Pat
fell"), before details ("Ellis (4/5/06)", "Hope (pt)"), in "SURNAME, Given" and family-name-first orders, and
the record's own known names.

The hard part is not finding capitalised words but leaving alone the capitalised words that are not names
("Patient Safety team", "Mr Bump" falls signs, "Dr on call", ward, drug, hospital and equipment names). How
name-like each word is comes from learning.redaction.words; the vetoes here drop a match by what is around it
(their word lists are in learning.redaction.lexicon), and learning.redaction.extent says where a name ends.
"""
from __future__ import annotations

import re

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from .lexicon import (  # noqa: F401  (re-exported for the tests and callers that read them here)
    DOCUMENT_WORDS, EQUIPMENT_MAKES, EQUIPMENT_NOUNS, HYPHENED_PARTICLES, LANGUAGE_CUES, LANGUAGES, LETTER_WORDS,
    ORGANISATION_WORDS, PARTICLES, PLACE_NOUNS, PLACE_NOUNS_CAPITALISED, POSSESSED, ROYAL, STATES,
)
from .extent import PART_TAGS, joined_by_hyphen, name_end, syllable_before, through_particles, through_syllable
from .places import is_hospital
from .words import (  # noqa: F401  (first_names, lower_case_words and word_tag are read by the tests)
    ACT, AMBIGUOUS, BED, CAPS, CAPS_GIVEN, CLASSES, CUE_TAGS, DETAIL, DOB_WORDS, FAMILY, FAMILY_FIRST, FIRST, FROM, INITIAL,
    LOWER_AMBIGUOUS, LOWER_FIRST, LOWER_RARE, MONTH_NAME, NAME_CUE, NAME_TAGS, NONE, OTHER_TITLES, PATIENT, PERSONAL_TITLES,
    PERSON_NOUN,
    PERSON_VERB, RELATION, ROLE_LABEL, ROLE_LABELS, SHORT_NAME, STAFF_ROLES, STRONG, SURELY, SURELY_TAGS,
    SURNAME_WORD, TEAM, TEAM_WORDS, TITLE_LOWER, TITLE_OTHER, TITLE_PERSONAL, common_words, first_names, lower_case_words,
    word_tag,
)


TITLES = [t.lower() for t in PERSONAL_TITLES + OTHER_TITLES]
PARTICLE = {"LOWER": {"IN": sorted(PARTICLES)}}
# A surname in capitals alone after a title or "pt": four letters or more, as acronyms not in the abbreviation
# list are mostly three ("pt ACS", "Patient AKI").
LONG_CAPS = {"TAG": CAPS, "LENGTH": {">=": 4}}
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
    # "known as Danny", "Chantelle (DOB ...", "Walter Sykes": a name told by what is around it.
    matcher.add("CUED_NAME", [
        [{"LOWER": "known"}, {"LOWER": "as"}, SURELY_OR_GIVEN, NAME_OR_INITIAL],
        # "known as 'Tommo'": a nickname in quotes, whatever word it is
        [{"LOWER": "known"}, {"LOWER": "as"}, {"ORTH": {"IN": sorted(_QUOTES)}}, {"TAG": {"IN": NAME_TAGS}},
         {"ORTH": {"IN": sorted(_QUOTES)}}],
        [{"LOWER": {"IN": ["name", "surname", "forename", "firstname"]}},
         {"LOWER": {"IN": ["is", ":", "was", "spelled", "spelt", "as", "("]}, "OP": "?"},
         SURELY_OR_GIVEN, NAME_OR_INITIAL],
        # "goes by Scouse": a nickname, whatever word it is
        [{"LOWER": "goes"}, {"LOWER": "by"}, {"IS_TITLE": True, "IS_ALPHA": True}],
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
        [{"TAG": FIRST, "IS_TITLE": True}, {"TAG": CAPS, "LENGTH": {">=": 3}}],  # "Leanne CROCKER had..."
        [{"TAG": AMBIGUOUS, "IS_TITLE": True}, NAME, NAME_OR_INITIAL],
        # Months that are given names, only before a surname that is no everyday word ("June Thompson").
        [{"TAG": MONTH_NAME}, SURELY_NAME],
    ])
    return matcher


_BED_WORDS = {"bed", "bay", "side", "room", "sr", "b", "bed/bay"}
# What may follow a name after "bed N" for it to be a patient ("bed 9 Connolly instead of...", "bed 4 Roberts,
# bed 5 Shah"), rather than a drug or kit ("bed 4 Tazocin given").
_BED_NAME_ENDS = {")", ",", ";", ".", "instead", "and", "&", "vs", "v", "/", "-", "'s", "’s"}
_SERVICE_WORDS = set(TEAM_WORDS) | {"referral", "review", "input", "nurse", "nurses", "led", "staff", "cover", "shift"}
_CUE_RULES = (
    "TITLE_NAME", "RELATION_NAME", "CUED_WORD_NAME", "CUED_SURNAME_COMMA", "CUED_LOWER_THEN_VERB", "ROMANISED_NAME",
)
# Rules whose name is the leading words of the match, told by what follows.
_LEADING_RULES = ("NAME_THEN_DETAILS", "NAME_THEN_ROLE")
_CUED_NAME_TAGS = set(SURELY_TAGS) | {AMBIGUOUS, SHORT_NAME}
# "Pt Will be reviewed", "Pt May need bloods": a modal verb, not a name, before a verb or adverb.
_MODALS = {"Will", "May", "Can"}
_AFTER_MODAL = {
    "be", "have", "need", "not", "require", "go", "get", "come", "also", "now", "then", "still", "remain", "stay",
    "continue", "benefit", "attend", "receive", "want", "try", "see", "do", "feel", "take", "make", "only",
    "well", "already", "never", "just", "possibly", "probably", "therefore", "needs",
}
# A hospital or NHS number's shape, as a token ("C0329174", "3640172930").
_ID_SHAPE = re.compile(r"^[A-Z]{0,3}\d{6,10}[A-Z]?$")
# Words that begin a place's name more often than a person's ("Northern Ireland", "Upper Norwood").
_PLACE_FIRST_WORDS = {
    "Northern", "Southern", "Eastern", "Western", "North", "South", "East", "West", "Upper", "Lower", "Greater",
    "Great", "Little", "Nether", "Mid",
}
_SAINT = {"St", "St.", "ST", "Saint", "SAINT", "st"}
_QUOTES = {"'", '"', "‘", "’", "“", "”"}
# "NHS" or "hosp" straight after a name is a detail only with a number after it ("Leeds NHS Trust" is not).
_NUMBER_WORDS = {"no", "no.", "number", "num", "#", ":", "-", "("}
_NAME_OPENERS = {".", "(", ":", ";", "-", "–", "—", "|", "\n", "\n\n"}


def _after_saint_or_royal(doc: Doc, start: int, end: int) -> bool:
    """St Mary's, St. James's, Queen Elizabeth, King George: a hospital or church, not a person."""
    before = doc[start - 1].text if start > 0 else ""
    if before in _SAINT or before in ROYAL or (before == "." and start > 1 and doc[start - 2].text in _SAINT):
        return True
    return doc[start].text in ROYAL and end - start > 1


def _is_place_word(token) -> bool:
    text = token.text.title() if token.is_upper else token.text  # "MARY SEACOLE WARD"
    return token.lower_ in PLACE_NOUNS or text in PLACE_NOUNS_CAPITALISED


# A town before a postcode ("Little Snoring, NR21 0JJ") is part of an address, not a person.
_POSTCODE_AFTER = re.compile(r"\s*,?\s*[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
# Where a sentence or clause starts, so that a capital may be only for the position ("Frank haematuria").
_SENTENCE_STARTS = {".", "!", "?", "\n", "\n\n", ":", ";", "-", "—", "|"}
# Words after a sentence-opening name that show it is the subject ("Frank was given...", "Dawn said").
_SUBJECT_VERBS = {
    "was", "is", "had", "has", "and", "went", "came", "did", "does", "will", "would", "could", "felt", "became",
    "remained", "called", "informed", "wanted", "got", "took", "gave", "left", "returned", "arrived", "needed",
}
# Of those, the ones a person's name is never followed by in a report ("gave Margaret bag", "showed Margaret
# technique" are), so a match before them with no cue is an eponym.
_EPONYMS_NAMED = {
    "sign", "signs", "disease", "syndrome", "manoeuvre", "maneuver", "classification", "criteria", "catheter",
    "splint", "fracture", "palsy", "reflex", "traction", "repair", "score", "scale",
    # Fraser and Gillick competence, the tests of a young person's consent
    "competent", "competence", "competency", "guidelines",
}
# Words after an eponym that make it a score, sign or device, not the person ("Bishop score", "Foley catheter").
_EPONYM_NOUNS = {w.lower() for w in DOCUMENT_WORDS} | {
    "sign", "disease", "syndrome", "manoeuvre", "maneuver", "classification", "criteria", "tube", "catheter",
    "bag", "splint", "frame", "fracture", "palsy", "reflex", "traction", "repair",
}


def _at_sentence_start(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].text in _SENTENCE_STARTS or doc[i - 1].is_space


def _word_at_start(doc: Doc, i: int) -> bool:
    """Whether the given name at i is a word here ("Frank haematuria"), not the subject ("Frank was given")."""
    after = doc[i + 1] if i + 1 < len(doc) else None
    if doc[i].lower_ not in lower_case_words() or after is None or not (after.is_alpha and after.is_lower):
        return False
    return after.lower_ not in _SUBJECT_VERBS and after.norm_ not in (ACT, PERSON_VERB)


def _not_a_person(doc: Doc, rule: str, first: int, end: int, match_end: int) -> bool:
    """The vetoes: what a matched span names when it is not a person."""
    after = doc[end] if end < len(doc) else None
    after_next = doc[end + 1] if end + 1 < len(doc) else None
    if _after_saint_or_royal(doc, first, end):
        return True
    # Yorkshire Ambulance, Leeds Teaching Hospitals: an organisation; Gold Standards Framework: a scheme. The
    # whole run of name-like words counts: "William | Harvey Hospital", "the Mary | Seacole ward".
    run_end = max(end, name_end(doc, first, len(doc)))
    run = doc[first : run_end + 1]
    words = {t.text for t in run} | {t.text.title() for t in run if t.is_upper}  # "WILLIAM HARVEY HOSPITAL"
    if words & ORGANISATION_WORDS or words & DOCUMENT_WORDS:
        return True
    # "Hywel Dda": a health board named after a person
    if run_end < len(doc) and doc[run_end].text in _NAMED_BOARDS:
        return True
    if run_end > end and run_end < len(doc) and _is_place_word(doc[run_end]) and rule not in _CUE_RULES:
        return True
    # (one word after a title is the person: "Dr Ashworth", "Mrs Broomfield")
    one_after_title = rule == "TITLE_NAME" and run_end - first == 1
    if is_hospital(doc, first, run_end, transfer=rule not in _CUE_RULES) and not one_after_title:
        return True
    # ("Pt Pauline Meredith, HR4 9AB" after a cue is a person)
    if rule not in _CUE_RULES and _POSTCODE_AFTER.match(doc.text, doc[run_end - 1].idx + len(doc[run_end - 1])):
        return True
    # "Ward: Victoria", "Location: Rowan": a ward's or place's name after its label, where the label is a header's
    # field ("K2209381  Ward: Victoria"), not a heading naming a ward ("labour ward: Bethan Rhys-Evans had...").
    if (
        first >= 2 and doc[first - 1].text == ":" and doc[first - 2].lower_ in _PLACE_LABELS
        and (first == 2 or not doc[first - 3].is_alpha)
    ):
        return True
    # "1st Jan", "3 Jan 2026": a month after its day, not the given name.
    if _month_after_day(doc, first):
        return True
    # "King's Lynn", "Bishop's Stortford", "Queens Park": a town or district named for its king, queen or bishop.
    if _named_for_a_possessor(doc, first, run_end):
        return True
    # "Isle of Lewis", "Co Tyrone", "County Durham": a place.
    if first >= 1 and doc[first - 1].lower_ in _PLACE_BEFORE:
        return True
    if first >= 2 and doc[first - 2].lower_ == "isle" and doc[first - 1].lower_ == "of":
        return True
    # "Frank haematuria", "Dawn check of resus trolley": a name that is a word, capitalised only because it
    # opens a sentence, with no surname or other cue.
    if rule == "GIVEN_NAME" and end - first == 1 and _at_sentence_start(doc, first) and _word_at_start(doc, first):
        return True
    # "Cook, Stanley": surname first only where a name opens the narrative or a clause.
    if rule == "SURNAME_COMMA_GIVEN" and not (
        _at_sentence_start(doc, first) or doc[first - 1].text == "("
        # "booked for Ellis, Mary instead of Ellis, Marie": after a word that introduces whose it is, a surname
        # that is no capitals acronym
        or (doc[first - 1].lower_ in _WHOSE and doc[first].tag_ != CAPS)
        # "Pt O'Hare, Gerard", "labelled KOWALSKI, Marek", "pt name Begum, Momotaz", "BVH2257901 SMITH, Joseph":
        # after a cue, on a label or after the patient's number, in any case
        or doc[first - 1].lemma_ in (STRONG, NAME_CUE) or doc[first - 1].lower_ in _LABELLED
        or _ID_SHAPE.match(doc[first - 1].text) is not None
    ):
        return True
    if _not_a_person_here(doc, rule, first, end, run_end):
        return True
    # "Maureen Ashdown unit no. H884120": "unit" or "hospital" before "no" is the number's label, not a place.
    numbered = after_next is not None and after_next.lower_ in _NUMBER_LABELS
    if after is not None and _is_place_word(after) and not (numbered and after.lower_ in ("unit", "hospital")):
        # "on Sister Dora ward", "to Mary Seacole Ward": a ward named after a person, title and all.
        if first >= 2 and doc[first - 1].lower_ in TITLES and doc[first - 2].lower_ in _PLACE_PREPOSITIONS:
            return True
        # "bay 4 Sister Dora ward": Sister and a name before "ward" (not "ward round") is a ward wherever it stands
        if first >= 1 and doc[first - 1].lower_ == "sister" and after.lower_ == "ward":
            if after_next is None or after_next.lower_ not in ("round", "rounds"):
                return True
        # Holly ward, Jasmine Unit; after a cue only when a bed or ward number follows ("pt Daisy ward bed 4").
        if rule not in _CUE_RULES or after_next is None or after_next.like_num or after_next.is_punct or after_next.lower_ in _BED_WORDS:
            return True
    if rule not in _CUE_RULES:
        if end - first > 1 and _is_place_word(doc[end - 1]):
            return True  # Margaret House
    # 'Victor' model, a Sara hoist, a baby Moses basket: a make of equipment.
    following = doc[end + 1] if after is not None and after.text in _QUOTES and end + 1 < len(doc) else after
    if following is not None and following.lower_ in EQUIPMENT_NOUNS:
        return True
    # A family name written first is a name with a given name after it, or after a title ("Dr Li").
    if end - first == 1 and doc[first].tag_ == FAMILY_FIRST and rule != "TITLE_NAME":
        return True
    # "pt June 2025": a month and a year or day, not a name
    if doc[first].tag_ == MONTH_NAME and after is not None and after.like_num:
        return True
    # "Tunbridge Wells" after "Abbotswood House, " or "22 Sandhurst Road, ": the town of an address
    # (a capitalised place word: "labour ward, Ho Ka Yan" is a person)
    after_comma = first >= 2 and doc[first - 1].text == ","
    if rule not in _CUE_RULES and after_comma and doc[first - 2].text in PLACE_NOUNS_CAPITALISED:
        return True
    if (
        rule not in _CUE_RULES and first >= 3 and doc[first - 1].is_title and doc[first - 2].text == ","
        and doc[first - 3].text in PLACE_NOUNS_CAPITALISED
    ):
        return True  # ("Tunbridge | Wells")
    # "Pt Will be reviewed", "Pt May need bloods".
    if doc[first].text in _MODALS and first + 1 < len(doc) and doc[first + 1].lower_ in _AFTER_MODAL:
        return True
    # "DN will revisit", "pt may need": a modal verb in lower case before a verb in lower case
    if doc[first].text in ("will", "may", "can") and first + 1 < len(doc) and doc[first + 1].is_lower:
        return True
    # "Northern Ireland", "Western Isles", "Upper Norwood": a place named with a compass or size word first
    if rule not in _CUE_RULES and doc[first].text in _PLACE_FIRST_WORDS and end - first > 1:
        return True
    # "pt Jasmine Ward phoned" is a person, "pt Daisy Ward bed 4" a place.
    if doc[end - 1].tag_ == SURNAME_WORD and after is not None and (after.like_num or after.lower_ in _BED_WORDS):
        return True
    details = rule == "NAME_THEN_DETAILS"
    if details and match_end - first == 3 and doc[first + 1].text == "(" and _ID_SHAPE.match(doc[first + 2].text):
        # "Lamb (C0329174)": any capitalised word but one that is never a name ("Epic (E2119004)") or an everyday
        # word opening a sentence ("Noted (1234567)")
        if doc[first].tag_ == NONE or _is_place_word(doc[first]):
            return True
        if _at_sentence_start(doc, first) and doc[first].lower_ in common_words():
            return True
    if details and match_end - first == 4 and doc[first + 1].text == "," and doc[first + 2].norm_ == BED:
        # "O'Donnell, bed 12" only where it opens a sentence ("gave Tazocin, bed 4..." is a drug)
        if not _at_sentence_start(doc, first):
            return True
    # One uncommon capitalised word is a name before details ("Zain's MRN", "Ellis (4/5/06)") but not before
    # what a thing can do or be called too ("Shelving collapsed", "Hydrocortisone (pt on steroids)").
    if rule == "NAME_THEN_DETAILS" and end - first == 1 and doc[first].tag_ == SURELY:
        last = doc[match_end - 1]
        # ...unless the brackets hold only a staff role or the patient ("Bryn (paramedic)", "Sukhvinder (triage
        # nurse)", "Leszek (pt)").
        opened = next((i for i in range(match_end - 2, max(first, match_end - 4), -1) if doc[i].text == "("), None)
        role_only = (
            opened is not None and match_end < len(doc) and doc[match_end].text == ")"
            and all(t.is_lower for t in doc[opened + 1 : match_end - 1])
        )
        told = last.norm_ in (ACT, PERSON_NOUN) or last.lower_ in STATES
        if told and not (role_only and (last.lower_ in STAFF_ROLES or last.lower_ in PATIENT)):
            return True
    # A capitals surname first ("FERGUSON Alasdair") where a name is written first, not an acronym before a
    # name inside a sentence ("CTG Margaret aged 80").
    if rule == "NAME_THEN_DETAILS" and doc[first].tag_ == CAPS:
        if first > 0 and doc[first - 1].text not in _NAME_OPENERS:
            return True
    # "dispensed Epilim Chrono 200": a medicine and its strength after a verb of supplying it, with no cue.
    if (
        rule == "FULL_NAME" and first > 0 and doc[first - 1].lower_ in _SUPPLY_VERBS and after is not None
        and after.like_num
    ):
        return True
    # "(Epilim Chrono 500mg)", "Zomorph Capsules 10 mg": a medicine's name before a strength, with no cue.
    if rule == "FULL_NAME" and after is not None and _is_strength(doc, match_end):
        return True
    # "Thomas splint", "Colles fracture", "Foley catheter": an eponym before what it names, with no cue.
    if rule not in _CUE_RULES and after is not None and after.lower_ in _EPONYMS_NAMED:
        return True
    # "pt MUST score 3", "Bishop score 8": a score or scale named like a person.
    if after is not None and after.lower_ in ("score", "scores", "scale", "tool", "criteria"):
        return True
    # "seen by Leeds team", "per Calderdale CNS": a service.
    if rule == "BY_NAME" and after is not None and (after.norm_ == TEAM or after.text in ROLE_LABELS):
        return True
    # "by X Ray", "by B Braun", "by A Bell": a letter that is a word or a make, not an initial
    if rule == "BY_NAME" and doc[first].tag_ == INITIAL and (
        doc[first].text in ("A", "I", "X") or doc[end - 1].tag_ == NONE or doc[end - 1].lower_ in EQUIPMENT_MAKES
    ):
        return True
    # "Amira rang" but not "Pinderfields rang": a person's verb needs a listed given name, or a department
    # before it ("radiology Hemi reported").
    if rule == "NAME_THEN_ROLE" and doc[match_end - 1].norm_ == PERSON_VERB and doc[first].tag_ == SURELY:
        return not (first > 0 and doc[first - 1].norm_ == TEAM)
    if rule == "NAME_THEN_DETAILS" and doc[match_end - 1].lower_ in ("nhs", "hosp", "hospital"):
        return match_end >= len(doc) or not (doc[match_end].like_num or doc[match_end].lower_ in _NUMBER_WORDS)
    # "Bilingual HCA used as interpreter", "Trainee ACP saw", "Experienced RN did all IVs": a word describing the
    # member of staff, opening a sentence before the role, not a name.
    if rule == "NAME_THEN_ROLE" and doc[first].lower_ in _STAFF_DESCRIBERS:
        return True
    # "Calderdale CNS team", "Leeds HCA referral": a service, not a person.
    if rule == "NAME_THEN_ROLE" and match_end < len(doc) and doc[match_end - 1].text in ROLE_LABELS:
        return doc[match_end].lower_ in _SERVICE_WORDS
    return False


_NUMBER_LABELS = {"no", "no.", "number", "num", "#"}
# Words before "Surname, Given" that say whose something is ("booked for Ellis, Mary").
_WHOSE = {"for", "under", "as", "of", "to", "from", "was", "is"}
# Words before what a label or form says ("labelled KOWALSKI, Marek").
_LABELLED = {"labelled", "labeled", "label", "sticker", "form", "request"}
# The second word of an organisation named after a person, which is no name-like word itself ("Hywel Dda").
_NAMED_BOARDS = {"Dda"}
# Verbs before a medicine's name ("dispensed Epilim Chrono 200").
_SUPPLY_VERBS = {"dispensed", "prescribed", "supplied", "issued", "administered", "given", "started", "charted"}
_LONG_NUMBER = re.compile(r"\d{6,8}")
# A strength with its unit, in one token or two ("500mg", "10 mg", "2.5micrograms").
_STRENGTH = re.compile(r"^\d+(?:\.\d+)?(?:mg|mcg|g|ml|micrograms?|units?|iu)$", re.IGNORECASE)
_UNITS = {"mg", "mcg", "g", "ml", "microgram", "micrograms", "unit", "units", "iu"}
# Words before a place's name: "Co Tyrone", "County Durham" (and "Isle of", checked as two words).
_PLACE_BEFORE = {"co", "co.", "county"}
# Labels before a ward's or place's name and a colon ("Ward: Victoria").
_PLACE_LABELS = {"ward", "unit", "location", "area", "dept", "department", "clinic", "site", "hospital", "bay"}
# Months as abbreviated after their day ("1st Jan", "3 Jan"): "Jan" is also a given name.
_MONTH_ABBREVIATIONS = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
# Words that describe a member of staff before the role ("Bilingual HCA", "Trainee ACP", "Sender SN"): never the
# name there, though some are surnames elsewhere ("Mrs Senior").
_STAFF_DESCRIBERS = {
    "bilingual", "trainee", "experienced", "inexperienced", "senior", "junior", "qualified", "registered",
    "sender", "neither", "either", "locum", "relief", "rotational", "preceptee", "supernumerary", "substantive",
    "allocated", "responsible", "named", "floating", "another", "other", "same", "new", "night", "day", "agency",
}
# Whose town or district it is, before its name: "King's Lynn", "Bishops Stortford", "Queens Park".
_POSSESSOR_PLACES = {"king", "kings", "queen", "queens", "bishop", "bishops"}
# Kinds of thing whose make and model may follow in brackets ("pacemaker (Medtronic Azure)").
_PRODUCT_KINDS = EQUIPMENT_NOUNS | {
    "pacemaker", "vehicle", "ambulance", "van", "car", "defib", "defibrillator", "ventilator", "autoclave",
    "analyser", "printer", "glucometer", "meter", "driver", "dressing", "dressings", "implant", "stent", "valve",
}
# Words before "X bed 4" that make X a ward ("moved to Seacole bed 4", "on Rowan bed 2").
_PLACE_PREPOSITIONS = {"on", "to", "from", "onto", "into", "at", "via", "in", "off", "ward", "between"}
# What follows a brand and a hyphen: a letter, a strength or a release code ("Slow-K", "Adcal-D3", "Calcichew-D3").
_PRODUCT_SUFFIX = re.compile(r"(?:[A-Z]{1,2}\d{0,2}|\d+|XL|SR|MR|CR|LA|Plus|Forte)")


def _is_strength(doc: Doc, i: int) -> bool:
    """Whether doc[i] starts a medicine's strength ("500mg", "10 mg")."""
    if i >= len(doc):
        return False
    if _STRENGTH.match(doc[i].text):
        return True
    return doc[i].like_num and i + 1 < len(doc) and doc[i + 1].lower_ in _UNITS


def _month_after_day(doc: Doc, i: int) -> bool:
    """Whether doc[i] is a month's abbreviation after its day ("1st Jan", "3 Jan"), not a name ("Jan Nowak")."""
    return doc[i].text in _MONTH_ABBREVIATIONS and i >= 1 and _DAY.fullmatch(doc[i - 1].text) is not None


def _named_for_a_possessor(doc: Doc, first: int, run_end: int) -> bool:
    """Whether the words at `first` are a place named for its king, queen or bishop ("King's Lynn")."""
    if first >= 1 and doc[first - 1].lower_ in _POSSESSOR_PLACES:
        return True
    if first >= 2 and doc[first - 1].lower_ in ("'s", "’s") and doc[first - 2].lower_ in _POSSESSOR_PLACES:
        return True
    return run_end - first > 1 and doc[first].text in ("Kings", "Queens", "Bishops")


def _not_a_person_here(doc: Doc, rule: str, first: int, end: int, run_end: int) -> bool:
    """Vetoes by the words around a match: a language, a make of equipment, a product, a letter label, a ward."""
    before = doc[first - 1] if first > 0 else None
    after = doc[end] if end < len(doc) else None
    # "interpreter (Tigrinya)", "Kurdish speaking", "speaks Farsi": a language. A language that is also a given
    # name ("Shona") only beside a language cue, and a surname after a title stays ("Dr French").
    span = [t for t in doc[first:end] if t.is_alpha]
    if span and rule != "TITLE_NAME" and all(t.lower_ in LANGUAGES for t in span):
        listed = all(t.lower_ in first_names()[0] or t.lower_ in first_names()[1] for t in span)
        near = {t.lower_ for t in doc[max(0, first - 2) : min(len(doc), end + 2)]}
        if not listed or near & LANGUAGE_CUES or (after is not None and after.text == "-"):
            return True
    # "pacemaker (Medtronic Azure)", "CTG machine (Philips Avalon FM30)", "vehicle (Mercedes Sprinter)": a make
    # and model in brackets after the kind of thing it is, unless it starts with a given name ("pt with pacemaker
    # (Niamh Ní Bhriain)" is the patient).
    if (
        rule != "TITLE_NAME" and first >= 2 and doc[first - 1].text == "(" and doc[first - 2].lower_ in _PRODUCT_KINDS
        and doc[first].tag_ not in (FIRST, AMBIGUOUS)
    ):
        return True
    # "Arjo Sara", "Invacare Birdie": a model named by its make.
    if any(t.lower_ in EQUIPMENT_MAKES for t in doc[max(0, first - 1) : min(len(doc), run_end + 1)]):
        return True
    # "Slow-K", "Adcal-D3": a brand before a hyphen and a letter or strength.
    if after is not None and joined_by_hyphen(doc, end - 1) and _PRODUCT_SUFFIX.fullmatch(doc[end + 1].text):
        return True
    # "vitamin K. Konakion", "Hep B Engerix", "bay C. Patel": a letter label, not an initial; "A" and "I" with no
    # full stop are words ("A Venflon", "I Patel").
    if doc[first].tag_ == INITIAL and before is not None and (
        before.lower_ in LETTER_WORDS or before.like_num or before.text == "/"  # "mmol/L. POCT team"
    ):
        return True
    if rule == "INITIAL_SURNAME":
        if doc[first].text in ("A", "I"):
            return True
        # "R TKR", "L THR": a side and a procedure. A surname in capitals after an initial needs four letters
        # and the initial's full stop or a cue ("pt R. OKAFOR", "pt R OKAFOR").
        dotted = doc[first].text.endswith(".") or doc[first + 1].text == "."
        surname = doc[first + 2] if doc[first + 1].text == "." else doc[first + 1]
        cued = before is not None and before.lemma_ == STRONG
        if surname.tag_ == CAPS and (len(surname) < 4 or not (dotted or cued)):
            return True
    # "pt Min-jun Park" but not "pt X-ray Chest" or "pt Non-urgent Review": two short syllables, joined.
    if rule == "ROMANISED_NAME":
        given, syllable = doc[first], doc[first + 2]
        short = 2 <= len(given) <= 5 and len(syllable) <= 5 and given.is_alpha and syllable.is_alpha
        return not (short and joined_by_hyphen(doc, first) and doc[end - 1].is_alpha)
    # "moved to Seacole bed 4": a ward; so is a given name alone ("Rowan bed 3", "Holly bed 2").
    if rule == "NAME_THEN_ROLE" and after is not None and after.norm_ == BED:
        return (before is not None and before.lower_ in _PLACE_PREPOSITIONS) or doc[end - 1].tag_ not in (SURELY, CAPS)
    return False


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
        elif rule == "PATIENT_IS_NAME":
            first = start + 2
        elif rule == "BED_THEN_NAME":
            first = start + 3 if doc[start + 2].text == "(" else start + 2
            if doc[end - 1].text == ")":
                end -= 1
            elif end < len(doc) and doc[end].lower_ not in _BED_NAME_ENDS:
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
        # "DANIEL OWUSU RJX 4410021", "PRITCHARD Huw PRI/0089451": a code in capitals before a long number is the
        # number's prefix.
        if end - first > 1 and end < len(doc) and doc[end - 1].is_upper and (
            _LONG_NUMBER.fullmatch(doc[end].text)
            or (doc[end].text == "/" and end + 1 < len(doc) and _LONG_NUMBER.fullmatch(doc[end + 1].text))
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
        if _at_sentence_start(doc, token.i) and _word_at_start(doc, token.i):
            continue
        found.append((token.idx, token.idx + len(token)))
    return found


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
