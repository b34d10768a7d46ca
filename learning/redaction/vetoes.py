"""The vetoes for learning.redaction.names: what a matched span names when it is not a person (a ward, a hospital or
town, a medicine, a make of equipment, a score, a role described), judged by the words around it. Their word lists
are in learning.redaction.lexicon; learning.redaction.extent says where a name ends.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .extent import joined_by_hyphen, name_end
from .lexicon import (
    DOCUMENT_WORDS, EQUIPMENT_MAKES, EQUIPMENT_NOUNS, LANGUAGE_CUES, LANGUAGES, LETTER_WORDS, MONTH_ABBREVIATIONS,
    ORGANISATION_WORDS, PLACE_NOUNS, PLACE_NOUNS_CAPITALISED, ROYAL, STATES,
)
from .places import TRANSFER_WORDS, is_hospital
from .words import (
    ACT, AMBIGUOUS, BED, CAPS, DETAIL, FAMILY, FAMILY_FIRST, FIRST, INITIAL, MONTH_NAME, NAME_CUE, NONE,
    OTHER_TITLES, PATIENT, PERSON_NOUN, PERSON_VERB, PERSONAL_TITLES, ROLE_LABELS, SHORT_NAME, STAFF_ROLES, STRONG,
    SURELY, SURELY_TAGS, SURNAME_WORD, TEAM, TEAM_WORDS, common_words, corpus_acronyms, first_names,
    lower_case_words,
)

TITLES = [t.lower() for t in PERSONAL_TITLES + OTHER_TITLES]
_FAMILY_WORDS = frozenset(FAMILY)
_VOWEL = re.compile("[AEIOUY]")


def _an_acronym(capitals: str) -> bool:
    """Whether a word in capitals before a given name reads as an acronym rather than a surname: under four letters
    or without a vowel ("HPV, Gardasil", "LSCS Cat 1"; not "ZHANG Wei", "NAGY, Zsombor")."""
    return len(capitals) < 4 or not _VOWEL.search(capitals)




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
# (and a scheme named after a person: "Herbert protocol")
_OPERATION_WORDS = {"procedure", "operation", "resection", "procedures", "protocol"}
# The second word of a district's, station's or hospital's name: words that are no surname ("Tower Hamlets",
# "Streatham Common", "Walsall Manor", "Coventry Uni"), and words that are surnames too ("Stamford Hill", "Thornton
# Heath", "Whipps Cross", "Bushey Fields"), which name a place only after a word that leads to one ("in", "at",
# "near", "sent to"...; "Zorbek Hill rang", "with Zorbek Hall" are people).
_PLACE_LAST_WORDS = {"Hamlets", "Common", "Junction", "Parkway", "Parade", "End", "Central", "Manor", "Uni"}
_PLACE_OR_SURNAME_LAST_WORDS = {
    "Hill", "Heath", "Cross", "Green", "Park", "Vale", "Bridge", "Hall", "Fields", "North", "South", "East", "West",
    "Town", "Broadway", "Forest",
}
_TO_A_PLACE = {"in", "at", "near", "from", "via", "into", "towards", "outside"}
_GOING_TO = {"went", "moved", "sent", "taken", "brought", "discharged", "referred", "go", "going", "returned"}
# Prisons and young offender institutions, named for a place or a person ("HMP Foston Hall", "HMYOI Werrington").
_PRISON_PREFIXES = {"HMP", "HMYOI", "HMPYOI", "HMIRC"}
# Whose town it is, before its name ("King's Lynn", "Bishops Stortford").
_POSSESSORS = ROYAL | {"Bishop", "BISHOP"}
_POSSESSORS_PLURAL = {"Kings", "Queens", "Bishops", "KINGS", "QUEENS", "BISHOPS"}
_QUOTES = {"'", '"', "‘", "’", "“", "”"}
# "NHS" or "hosp" straight after a name is a detail only with a number after it ("Leeds NHS Trust" is not).
_NUMBER_WORDS = {"no", "no.", "number", "num", "#", ":", "-", "("}
_NAME_OPENERS = {".", "(", ":", ";", "-", "–", "—", "|", "\n", "\n\n"}


def _after_saint_or_royal(doc: Doc, start: int, end: int) -> bool:
    """St Mary's, St. James's, Queen Elizabeth, King George, King's Lynn, Bishops Stortford, HMP Foston Hall: a
    hospital, church, town or prison, not a person."""
    before = doc[start - 1].text if start > 0 else ""
    if before in _SAINT or before in ROYAL or (before == "." and start > 1 and doc[start - 2].text in _SAINT):
        return True
    if before in _PRISON_PREFIXES or doc[start].text in _PRISON_PREFIXES:
        return True
    # "King's Lynn", "Kings Lynn", "Bishop's Stortford": a town named for its king, queen or bishop
    if before in _POSSESSORS_PLURAL or (before in ("'s", "’s") and start > 1 and doc[start - 2].text in _POSSESSORS):
        return True
    if doc[start].text in _POSSESSORS_PLURAL and (end - start > 1 or (end < len(doc) and doc[end].is_title)):
        return True  # "Kings Lynn", and "Bishops" alone before "Stortford" ("Lynn and Bishops | Stortford")
    return doc[start].text in ROYAL and end - start > 1


def _after_a_word_to_a_place(doc: Doc, i: int) -> bool:
    """Whether the word before i leads to a place: "in", "at", "near"..., or "to" after going, sending or a
    transfer ("sent to", "transferred to"; not "spoke to")."""
    before = doc[i - 1].lower_ if i else ""
    if before in _TO_A_PLACE:
        return True
    return before == "to" and i > 1 and (doc[i - 2].lower_ in _GOING_TO or doc[i - 2].lower_ in TRANSFER_WORDS)


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
    # (one such word alone after a title is a surname: "Dr Forest", "Mrs Royal")
    if (words & ORGANISATION_WORDS or words & DOCUMENT_WORDS) and not (rule == "TITLE_NAME" and run_end - first == 1):
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
    # "Isle of Lewis", "Co Tyrone", "County Durham": a place.
    if first >= 1 and doc[first - 1].lower_ in _PLACE_BEFORE:
        return True
    if first >= 2 and doc[first - 2].lower_ == "isle" and doc[first - 1].lower_ == "of":
        return True
    # "Frank haematuria", "Dawn check of resus trolley": a name that is a word, capitalised only because it
    # opens a sentence, with no surname or other cue.
    if rule == "GIVEN_NAME" and end - first == 1 and _at_sentence_start(doc, first) and _word_at_start(doc, first):
        return True
    # "HORVATH, Bence" with a given name that is not listed: only beside a number or code, or after a cue.
    if rule == "CAPS_SURNAME_COMMA_UNLISTED" and _an_acronym(doc[first].text):
        return True
    if rule == "CAPS_SURNAME_COMMA_UNLISTED" and not (
        (first and (_ID_SHAPE.match(doc[first - 1].text) or doc[first - 1].lemma_ in (STRONG, NAME_CUE)))
        or (after is not None and (any(c.isdigit() for c in after.text) or after.norm_ == DETAIL or (
            after.is_upper and after_next is not None and any(c.isdigit() for c in after_next.text)
        )))
    ):
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
        # "Bed 1 ASANTE, Kwame 67": a handover line's bed
        or (first >= 2 and doc[first - 1].like_num and doc[first - 2].norm_ == BED)
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
        # Margaret House; but "Tom House rang", "Sarah Lane fell": what follows is something a person does
        if end - first > 1 and _is_place_word(doc[end - 1]) and not (
            after is not None and after.norm_ in (ACT, PERSON_VERB)
        ):
            return True
    # 'Victor' model, a Sara hoist, a baby Moses basket: a make of equipment.
    following = doc[end + 1] if after is not None and after.text in _QUOTES and end + 1 < len(doc) else after
    if following is not None and following.lower_ in EQUIPMENT_NOUNS:
        return True
    # "Stamford Hill", "Thornton Heath", "Lambeth North": a district or station, with no cue and no listed given name
    # first ("Sarah Hill", "pt Tom Cross" are people).
    if (
        rule not in _CUE_RULES and end - first == 2 and doc[first].tag_ not in (FIRST, AMBIGUOUS)
        and not (first and doc[first - 1].lemma_ in (STRONG, NAME_CUE))
        and (doc[end - 1].text in _PLACE_LAST_WORDS or (
            doc[end - 1].text in _PLACE_OR_SURNAME_LAST_WORDS and _after_a_word_to_a_place(doc, first)
        ))
    ):
        return True
    # "pt COPD": a word staff write in capitals as an acronym is no name alone.
    if end - first == 1 and doc[first].is_upper and doc[first].text in corpus_acronyms():
        return True
    # "(Whipple procedure)", "Hartmann's operation": an operation named after a surgeon; "Herbert protocol".
    # (not after a cue or title: "pt Jones procedure delayed" is a person)
    if following is not None and following.lower_ in _OPERATION_WORDS and (
        rule not in _CUE_RULES or doc[first - 1].text == "("
    ):
        return True
    # A family name written first is a name with a given name after it, or after a title ("Dr Li") or a relation
    # ("daughter Lin"; not "pt Li level 1.4").
    if end - first == 1 and doc[first].tag_ == FAMILY_FIRST and rule != "TITLE_NAME" and not (
        first and (doc[first - 1].lower_ in _FAMILY_WORDS or doc[first - 1].lower_ == "baby")
    ):
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
_LONG_NUMBER = re.compile(r"\d{6,8}[A-Z]?")  # (with a check letter: "0087321N")
# A strength with its unit, in one token or two ("500mg", "10 mg", "2.5micrograms").
_STRENGTH = re.compile(r"^\d+(?:\.\d+)?(?:mg|mcg|g|ml|micrograms?|units?|iu)$", re.IGNORECASE)
_UNITS = {"mg", "mcg", "g", "ml", "microgram", "micrograms", "unit", "units", "iu"}
# Words before a place's name: "Co Tyrone", "County Durham" (and "Isle of", checked as two words).
_PLACE_BEFORE = {"co", "co.", "county"}
# Labels before a ward's or place's name and a colon ("Ward: Victoria").
_PLACE_LABELS = {"ward", "unit", "location", "area", "dept", "department", "clinic", "site", "hospital", "bay"}
# Months as abbreviated after their day ("1st Jan", "3 Jan"): "Jan" is also a given name. ("May" is a name and a
# modal, taken apart: see _MODALS and MONTH_NAME.)
_MONTH_ABBREVIATIONS = {m.title() for m in MONTH_ABBREVIATIONS} - {"May"}
_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
# Words that describe a member of staff before the role ("Bilingual HCA", "Trainee ACP", "Sender SN"): never the
# name there, though some are surnames elsewhere ("Mrs Senior").
_STAFF_DESCRIBERS = {
    "bilingual", "trainee", "experienced", "inexperienced", "senior", "junior", "qualified", "registered",
    "sender", "neither", "either", "locum", "relief", "rotational", "preceptee", "supernumerary", "substantive",
    "allocated", "responsible", "named", "floating", "another", "other", "same", "new", "night", "day", "agency",
    # and the specialty ("Endocrine SpR reviewed", "Renal SHO")
    "endocrine", "renal", "cardiac", "cardiology", "respiratory", "stroke", "surgical", "medical", "orthopaedic",
    "ortho", "gastro", "haematology", "oncology", "paediatric", "paeds", "neonatal", "vascular", "urology",
    "diabetes", "rheumatology", "dermatology", "neurology", "neuro", "geriatric", "palliative", "psychiatric",
    "obstetric", "gynae", "anaesthetic", "microbiology", "micro", "hepatology", "colorectal", "acute",
}
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
