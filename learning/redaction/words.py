"""How name-like each word is, for the name patterns in learning.redaction.names.

Each word gets a tag (a listed given name, a name that is also a word, a capitalised word staff do not write in
lower case, a family name written first, a capitals surname, a lower-case form...) and, for cue words, a class
("pt", "son", "HCA" before a name; "rang", "(DOB", "fell" after one). The tests are on the word with accents
removed, so "Zieliński" and "Siân" are read as "Zielinski" and "Sian". What counts as an everyday word is read
from the corpus (learning/corpus/), so edits there can change what is taken for a name.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from spacy.parts_of_speech import PROPN, X
from spacy.strings import get_string_id
from spacy.tokens import Doc

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
# The theme corpus files whose lower-case vocabulary tells everyday words from names (see common_words). Fixed,
# so that narratives added later for the classifier do not quietly change what the redactor treats as a name:
# the redaction figures in docs/learning.md were measured with these six files.
VOCABULARY_FILES = tuple(f"narratives_{n}.jsonl" for n in range(1, 7))
FAMILY = [
    "son", "daughter", "wife", "husband", "mother", "mum", "mam", "father", "dad", "partner", "brother", "sister",
    "carer", "nephew", "niece", "grandson", "granddaughter", "grandma", "grandad", "spouse", "aunt", "uncle",
    "cousin", "nok", "stepson", "stepdaughter", "fiance", "fiancee", "boyfriend", "girlfriend", "parent",
    "guardian", "grandmother", "grandfather", "stepmum", "stepdad", "dtr",
    "relative",
    # plural, before two names ("parents Youssef and Leila", "carers Jo and Precious")
    "parents", "grandparents", "carers",
]
# Staff roles as staff write them before a colleague's name ("pharmacist Raj", "student midwife Bethany").
STAFF_ROLES = [
    "nurse", "hca", "hcsw", "hcs", "rn", "rgn", "rmn", "sn", "midwife", "mw", "matron", "pharmacist", "technician",
    "physio", "physiotherapist", "ot", "therapist", "dietitian", "dietician", "salt", "porter", "cleaner",
    "domestic", "housekeeper", "receptionist", "clerk", "secretary", "paramedic", "radiographer", "sonographer",
    "phlebotomist", "chaplain", "volunteer", "student", "colleague", "consultant", "registrar", "sho", "fy1",
    "fy2", "anaesthetist", "surgeon", "doctor", "cns", "anp", "acp", "coordinator", "manager", "practitioner",
    "assistant", "worker", "officer", "guard", "visitor", "interpreter", "advocate", "chef", "driver", "engineer",
    # abbreviations staff write before a colleague ("reg Oyinda", "ODP Jess", "scrub nurse Jo")
    "reg", "spr", "odp", "scrub",
    # community staff: community psychiatric nurse, district nurse, health visitor ("CPN Gwyn", "DN Sian")
    "cpn", "dn", "hv",
    # an escort on leave or to hospital ("escort Ola"), a staff member ("staff member Bronagh"), a keyworker
    "escort", "member", "keyworker",
]
PATIENT = ["patient", "pt", "pts", "client", "resident", "prisoner", "detainee", "inmate"]
# A cue strong enough that a given name which is also a word ("husband Mark", "wife Rose") or a name in lower
# case ("pt john smith") is taken as a name after it.
STRONG_CUES = PATIENT + FAMILY + STAFF_ROLES + ["named", "called", "baby"]
# An age before a name is as strong a cue ("16yo Faith attended", "82 yo Rose fell"); "yo" is only ever an age.
_AGE_BEFORE_NAME = re.compile(r"^(?:\d{1,3})?yo$")
RELATIONS = sorted(set(PATIENT + FAMILY + STAFF_ROLES + [
    "friend", "neighbour", "called", "named", "baby", "boy", "girl", "child", "gentleman", "lady",
    # who rang ("caller Ruth gave the postcode"), whose family ("correct family (Mensah) visited")
    "caller", "family",
]))
# Words that say a name before them in brackets is a person's: "Hope (pt)", "Ravi (service user)", "Ama (30
# wks pregnant)", "Bryn (paramedic)", "Young (surname)".
PERSON_NOUNS = PATIENT + FAMILY + STAFF_ROLES + [
    "user", "yrs", "years", "yo", "wks", "weeks", "pregnant", "months", "mths", "twin", "surname", "forename", "nee",
]
# Details written straight after a name, or after "(" or ",": "Ellis (3/4/05)", "Maria dob ...", "Bo aged 4".
DOB_WORDS = ["dob", "d.o.b", "d.o.b."]
DETAIL_WORDS = DOB_WORDS + ["aged", "age", "born", "mrn", "hosp", "nhs"]
_DATE_TOKEN = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}$")
# What a person does and a thing does not ("Ola fell", "Bill slipped").
ACT_VERBS = [
    "fell", "slipped", "tripped", "collapsed", "absconded", "vomited", "disclosed", "climbed", "wandered",
    "punched", "kicked", "spat", "scratched", "shouted", "screamed", "complained",
]
# Roles written after a name as a label ("Precious HCA found...", "Jo (RN)").
ROLE_LABELS = [
    "HCA", "HCSW", "RN", "RGN", "RMN", "SN", "CNS", "ANP", "ACP", "SHO", "FY1", "FY2", "F1", "F2", "SpR", "RM", "ODP",
]
# Verbs only a person is the subject of, for a name with no other cue ("Amira rang from the surgery").
PERSON_VERBS = [
    "rang", "phoned", "rung", "emailed", "e-mailed", "texted", "messaged", "said", "stated", "told", "asked",
    "refused", "declined", "reported",
]
# Where "X from ..." says X is a person: the team, department or service named within a few words.
TEAM_WORDS = [
    "team", "teams", "estates", "pharmacy", "switchboard", "security", "it", "lab", "labs", "laboratory",
    "radiology", "surgery", "practice", "hospice", "department", "dept", "office", "service", "services",
    "portering", "catering", "facilities", "agency", "council", "police", "ambulance", "nhsp", "bank",
    "ward", "unit", "theatres", "clinic", "home", "centre", "trust", "hospital", "safeguarding", "outreach",
    "management", "governance", "pals", "bureau", "hub", "desk",
]
# Capitalised words that follow titles or relation words in reports but are not names.
NOT_NAMES = {
    "bump", "safety", "experience", "services", "service", "team", "transport", "liaison", "advice", "ward",
    "bay", "bed", "room", "side", "unit", "ed", "a&e", "gp", "nhs", "icu", "itu", "hdu", "amu", "sau", "and",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "tues", "wed", "thur", "thurs", "fri",  # ("Thu" and "Tue" are also Vietnamese given names: "Pham Thi Thu")
    "march", "april", "june", "july", "august", "september", "october", "november", "december", "christmas",
    "in", "on", "at", "to", "was", "is", "had", "has", "the", "a", "an", "of", "with", "who", "he", "she",
    "they", "his", "her", "their", "said", "told", "not", "no", "but", "then", "i", "we", "this", "that",
    "charge", "on-call", "registrar", "consultant", "nurse", "doctor", "surgeon", "anaesthetist", "matron",
    "sister", "staff", "practitioner", "midwife", "pharmacist", "physio", "manager", "lead", "coordinator",
    "hb", "na", "ca", "mg", "cr", "inr", "crp", "wcc", "ph", "ecg", "ct", "mri",
    "covid", "mrsa", "downs", "parkinson", "parkinsons", "alzheimer", "alzheimers", "crohns", "huntington",
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "st", "saint", "lord", "lady", "sir",
    "english", "british", "polish", "romanian", "urdu", "punjabi", "arabic", "bengali", "somali", "portuguese",
    # clinical scores, signs and devices named after people
    "apgar", "apgars", "waterlow", "braden", "barthel", "rockwood", "glasgow", "bristol", "guedel", "foley",
    "hartmann", "hartmanns", "zimmer", "venflon", "doppler", "sonicaid", "pinard", "entonox",
    "oramorph", "ventouse", "trendelenburg", "heimlich", "seldinger", "mallampati", "korotkoff", "kussmaul",
    "cheyne", "cushing", "cushings", "addison", "addisons", "hodgkin", "hodgkins", "kernig", "babinski",
    # makes of pumps, drivers and hoists, written with no "pump" or "hoist" after them ("McKinley T34")
    "mckinley", "graseby", "alaris", "volumat", "agilia", "arjo", "maxi", "niki", "medela", "kangaroo",
    # medicines by brand (Parkinson's, paracetamol for children), and "ROSC" (return of spontaneous circulation)
    "sinemet", "madopar", "stalevo", "rosc", "calpol",
    # makes of theatre, transport and sterile-services equipment and dressings ("Dräger Primus", "Ferno Pegasus")
    "drager", "draeger", "eschmann", "ferno", "mepilex", "saver", "stryker", "olympus",
    # a health board ("Hywel Dda"); regions written with a compass word ("West Yorkshire", "East Midlands") and
    # counties that are no one's surname (the "-shire" counties are caught by their ending, see _REGION_ENDING)
    "dda", "midlands", "anglia", "merseyside", "tyneside", "teesside", "wearside", "humberside", "cumbria",
    "northumberland", "powys", "gwynedd", "ceredigion", "lothian", "tayside", "grampian", "strathclyde",
    "fermanagh", "armagh",
    # record systems ("Epic MRN 3390182", "on Cerner", "RiO no") and a drug service ("Change Grow Live")
    "epic", "cerner", "rio", "emis", "systmone", "lorenzo", "meditech", "trakcare", "trak", "grow",
    # communities named in brackets after a person ("(Romany Gypsy family)", "(Irish Traveller)")
    "gypsy", "gypsies", "romany", "traveller", "travellers",
    # social media ("posted them on Facebook") and a place written like a family name and a given one
    "facebook", "instagram", "tiktok", "whatsapp", "snapchat", "youtube", "kong",
}
# Surnames that are also words kept out of names elsewhere ("Ward", "Hickman" line): a name only after a title
# ("Mrs Ward") or straight after a cue and a given name ("pt Jasmine Ward").
SURNAME_WORDS = {"ward", "lord", "hickman"}
# Counties by their ending ("Yorkshire", "Lancashire", "Aberdeenshire"): places, not people.
_REGION_ENDING = re.compile(r"shire$")
# Endings of abstract nouns, never of names ("Learning", "Management", "Partnership").
_ABSTRACT_ENDING = re.compile(r"(?:tion|sion|ment|ness|ity|ship|ism)$")
_NAME_SHAPE = re.compile(r"^(?:[A-Z][a-z]+|[A-Z]'[A-Z][a-z]+|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+)(?:-[A-Z][a-z]+)?$")
_INITIAL = re.compile(r"^[A-Z]\.?$")
# Specialties, specialists, procedures and conditions by their endings (Cardiologist, Radiology, Cholecystectomy).
_MEDICAL_WORD = re.compile(
    r"(?:olog(?:y|ist|ists)|ician|icians|iatrist|iatry|iatrics|ographer|ography|ectomy|otomy|ostomy|oscopy|itis|"
    r"osis|aemia|emia|opathy|ogram|algia|plasty)$"
)
_LOWER_WORD = re.compile(r"^[a-z][a-z']+(?:-[a-z]+)?$")
_CAPS_WORD = re.compile(r"^(?:[A-Z]{3,}|[A-Z]'[A-Z]{2,}|M[Cc][A-Z]{2,})(?:-[A-Z]{2,})?$")


@lru_cache(maxsize=1)
def first_names() -> tuple[frozenset[str], frozenset[str]]:
    """(names, names that are also everyday words), lower case, from learning/data/first_names.txt."""
    plain, ambiguous = set(), set()
    for line in (DATA_DIR / "first_names.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        (ambiguous if line.startswith("*") else plain).add(line.lstrip("*~").lower())
    return frozenset(plain), frozenset(ambiguous)


@lru_cache(maxsize=1)
def family_names_first() -> frozenset[str]:
    """Family names written before the given name (learning/data/family_names_first.txt), lower case, less
    those that are everyday words in the corpus ("he", "long")."""
    out = set()
    for line in (DATA_DIR / "family_names_first.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#") and line not in NOT_NAMES and _corpus_counts().get(line, 0) < 2:
            out.add(line)
    return frozenset(out)


# Letters with no decomposition into a base letter and an accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "ß": "ss", "æ": "ae",
                       "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "’": "'"})


def fold(text: str) -> str:
    """`text` with accents removed ("Zieliński" -> "Zielinski", "Siân" -> "Sian"), so that the shape tests and
    name lists, written in ASCII, work for names in any Latin alphabet."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def lower_case_words() -> frozenset[str]:
    """Given names that are everyday words in lower case (marked ~ or * in first_names.txt)."""
    out = set()
    for line in (DATA_DIR / "first_names.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith(("*", "~")):
            out.add(line[1:].strip().lower())
    return frozenset(out)


@lru_cache(maxsize=1)
def _vocabulary_text() -> str:
    """The corpus files whose vocabulary the rules read, read once per process."""
    return "\n".join((CORPUS_DIR / name).read_text(encoding="utf-8") for name in VOCABULARY_FILES)


@lru_cache(maxsize=1)
def _corpus_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in re.findall(r"(?<![\w'])[a-z][a-z'-]+", _vocabulary_text()):
        counts[word] = counts.get(word, 0) + 1
    return counts


@lru_cache(maxsize=1)
def corpus_acronyms() -> frozenset[str]:
    """Words staff write in capitals in the corpus ("CPAP", "NSTEMI", "DNACPR", and words shouted, "FELL"): never a
    name alone ("pt COPD", "bed 4 CPAP 2 days", "Baby MRSA (")."""
    return frozenset(re.findall(r"\b[A-Z]{3,}\b", _vocabulary_text()))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words staff write in lower case in the corpus (at least twice): everyday vocabulary, not names."""
    plain, ambiguous = first_names()
    return frozenset(w for w, n in _corpus_counts().items() if n >= 2 and w not in plain and w not in ambiguous)


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Abbreviations staff use (learning/data/abbreviations.json keys), so "ECG, Margaret" is not a surname."""
    data = json.loads((DATA_DIR / "abbreviations.json").read_text(encoding="utf-8"))
    return frozenset(k.lower() for k in data if not k.startswith("_"))


# Each word gets one tag, kept in Token.tag_ (free in a pipeline with no tagger) so that the Matcher reads a
# native attribute instead of calling Python per token and pattern. Computed once per distinct word.
NONE, INITIAL, NAME_LIKE, AMBIGUOUS, SURELY, FIRST = "V_NONE", "V_INITIAL", "V_NAME", "V_AMBIGUOUS", "V_SURELY", "V_FIRST"
# Lower case: a given name that is no everyday word ("john"), one that is ("frank"), and a word staff do not
# otherwise write ("smith"); SURNAME_WORD and CAPS as in SURNAME_WORDS and "SMITH, Jennifer".
LOWER_FIRST, LOWER_AMBIGUOUS, LOWER_RARE = "V_LFIRST", "V_LAMBIGUOUS", "V_LRARE"
SURNAME_WORD, CAPS, MONTH_NAME, SHORT_NAME = "V_SURNAME_WORD", "V_CAPS", "V_MONTH_NAME", "V_SHORT"
# A listed given name in capitals ("DONALD"): a name only beside another name in capitals ("DONALD FERGUSON").
CAPS_GIVEN = "V_CAPS_GIVEN"
# A short family name written first ("Li", "Ho", "Ng"): a name only with a given name after it, or after a title.
FAMILY_FIRST = "V_FAMILY_FIRST"
NAME_TAGS = [NAME_LIKE, SHORT_NAME, AMBIGUOUS, SURELY, FIRST, FAMILY_FIRST]
SURELY_TAGS = [SURELY, FIRST, FAMILY_FIRST]
CUE_TAGS = NAME_TAGS + [MONTH_NAME, LOWER_FIRST, LOWER_AMBIGUOUS, LOWER_RARE, SURNAME_WORD, CAPS, CAPS_GIVEN]


def _lower_tag(text: str) -> str:
    if not _LOWER_WORD.match(text) or text in NOT_NAMES or text in abbreviations():
        return NONE
    plain, ambiguous = first_names()
    if text in plain or text in ambiguous:
        return LOWER_AMBIGUOUS if text in lower_case_words() or _corpus_counts().get(text, 0) >= 2 else LOWER_FIRST
    if len(text) >= 3 and _corpus_counts().get(text, 0) < 2:
        return LOWER_RARE
    return NONE


# Nationalities and languages, never a name ("Sierra Leonean", "Greek Cypriot", "Korean student"); not "German" or
# "Greek", which are surnames too ("Mr German", "Dr Greek").
NATIONALITIES = {
    "cypriot", "leonean", "eritrean", "ethiopian", "nigerian", "ghanaian", "jamaican", "trinidadian", "barbadian",
    "sudanese", "congolese", "vietnamese", "chinese", "japanese", "korean", "brazilian", "colombian", "kurdish",
    "turkish", "bulgarian", "albanian", "afghan", "iranian", "iraqi", "syrian", "yemeni", "pakistani",
    "bangladeshi", "sylheti", "gujarati", "filipino", "zimbabwean", "lithuanian", "latvian", "slovak", "hungarian",
    "ukrainian", "russian", "italian", "spanish", "mandarin", "cantonese", "pashto", "farsi",
    "tigrinya", "amharic", "yoruba", "igbo",
}
NOT_NAMES.update(NATIONALITIES)
_RELATION_WORDS = frozenset(RELATIONS) - {"reg"}  # "Reg Bassett": also a given name


@lru_cache(maxsize=200_000)
def word_tag(text: str) -> str:
    """The name tag for one word: first name, surely a name, ambiguous given name, name-shaped, initial, a
    lower-case or capitals form, none. Accented letters count as their base letters."""
    text = fold(text)
    if _INITIAL.match(text):
        return INITIAL
    if text[:1].islower():
        return _lower_tag(text)
    if _CAPS_WORD.match(text):
        lower = text.lower()
        # "MARK" and "NEWS" are words before they are surnames.
        if lower in NOT_NAMES or lower in abbreviations() or _corpus_counts().get(lower, 0) >= 2:
            return NONE
        if lower in first_names()[0]:
            return CAPS_GIVEN
        if lower in first_names()[1]:
            return NONE
        return CAPS
    if not _NAME_SHAPE.match(text):
        return NONE
    lower = text.lower()
    if _MEDICAL_WORD.search(lower):
        return NONE
    if lower in SURNAME_WORDS:
        return SURNAME_WORD
    if lower in ("april", "june"):
        return MONTH_NAME
    if lower in NOT_NAMES:
        return NONE
    if _REGION_ENDING.search(lower):
        return NAME_LIKE  # a name after a title ("Mrs Cheshire"), not alone
    plain, ambiguous = first_names()
    if lower in plain:
        return FIRST
    if lower in ambiguous:
        return AMBIGUOUS
    if len(text) <= 3 and lower in family_names_first():
        return FAMILY_FIRST
    # "Niece", "Prisoner" opening a sentence are cues, rarely capitalised in the corpus: a name only after a title
    # ("Mrs Nurse"), so that "Niece Julie" is not taken for a name and left "Bell" outside it.
    if lower in _RELATION_WORDS:
        return NAME_LIKE
    # "Mrs Green" is a name, but "son Brown" is too uncertain: everyday words are only names after a title.
    if len(text) >= 3 and lower not in common_words() and not _ABSTRACT_ENDING.search(lower):
        return SURELY
    return SHORT_NAME if len(text) <= 3 else NAME_LIKE


# Cue words get a class too, kept in Token.lemma_ (a cue before a name) and Token.norm_ (a word after one),
# so that the Matcher compares native attributes rather than calling a Python set test per token and pattern.
STRONG, RELATION, TITLE_LOWER, NAME_CUE = "V_STRONG", "V_RELATION", "V_TITLE_LOWER", "V_NAME_CUE"
TITLE_PERSONAL, TITLE_OTHER = "V_TITLE_PERSONAL", "V_TITLE_OTHER"
ROLE_LABEL, PERSON_VERB, FROM, TEAM = "V_ROLE_LABEL", "V_PERSON_VERB", "V_FROM", "V_TEAM"
DETAIL, PERSON_NOUN, ACT, BED = "V_DETAIL", "V_PERSON_NOUN", "V_ACT", "V_BED"
# Titles, matched on the exact text so that "MS" (multiple sclerosis) is not "Ms". Not "MR" (MRI, mitral
# regurgitation) nor "miss" (the verb) before a lower-case name; "Miss" takes no full stop. "Sister" is a
# relation and staff-role cue as well.
_TITLES_BEFORE_LOWER = {"Mr", "Mrs", "Miss", "Mr.", "Mrs.", "mr", "mrs"}
PERSONAL_TITLES = ["Mr", "Mrs", "Ms", "Miss", "Mx", "MR", "MRS", "MISS", "mr", "mrs", "ms", "miss"]
_DOTTED_TITLES = ["Mr", "Mrs", "Ms", "Mx", "MR", "MRS", "mr", "mrs", "ms"]
# "Sr" is Sister as staff abbreviate it ("Sr Kaur"); only capitalised, as "sr" is a side room ("sr 4").
# "PC Hartley", "Sgt Akhtar": police officers who come to the ward.
OTHER_TITLES = [
    "Dr", "Prof", "Professor", "Sister", "Sr", "Rev", "Revd", "DR", "dr", "prof", "sister", "PC", "PCSO", "Sgt", "Insp",
]
_PERSONAL_FORMS = set(PERSONAL_TITLES) | {t + "." for t in _DOTTED_TITLES}
_OTHER_FORMS = (set(OTHER_TITLES) | {t + "." for t in OTHER_TITLES}) - {"Sister", "sister"}


# Roles that are cues only in capitals: "NIC Okoye" (nurse in charge; "nic" is a Gaelic particle, "Nic Leòid").
_CAPITALS_ROLES = {"NIC"}


@lru_cache(maxsize=200_000)
def word_classes(text: str) -> tuple[str, str | None, str | None]:
    """(name tag, cue class before a name, class after a name) for one word."""
    lower = text.lower()
    before = after = None
    if lower in STRONG_CUES or _AGE_BEFORE_NAME.match(lower) or text in _CAPITALS_ROLES:
        before = STRONG
    elif lower in RELATIONS:
        before = RELATION
    elif text in _TITLES_BEFORE_LOWER:
        before = TITLE_LOWER
    elif text in _PERSONAL_FORMS:
        before = TITLE_PERSONAL
    elif text in _OTHER_FORMS:
        before = TITLE_OTHER
    elif lower in ("name", "surname", ":", "read", "reads", "reading"):
        before = NAME_CUE
    if text in ROLE_LABELS:
        after = ROLE_LABEL
    elif lower in PERSON_VERBS:
        after = PERSON_VERB
    elif lower == "from":
        after = FROM
    elif lower in TEAM_WORDS:
        after = TEAM
    elif lower in DETAIL_WORDS or _DATE_TOKEN.match(text):
        after = DETAIL
    elif lower in PERSON_NOUNS:
        after = PERSON_NOUN
    elif lower in ACT_VERBS:
        after = ACT
    elif lower in ("bed", "cubicle"):
        after = BED
    return word_tag(text), before, after


CLASSES = [
    NONE, INITIAL, NAME_LIKE, AMBIGUOUS, SURELY, FIRST, LOWER_FIRST, LOWER_AMBIGUOUS, LOWER_RARE, SURNAME_WORD,
    CAPS, CAPS_GIVEN, MONTH_NAME, SHORT_NAME, STRONG, RELATION, TITLE_LOWER, TITLE_PERSONAL, TITLE_OTHER, NAME_CUE,
    ROLE_LABEL,
    PERSON_VERB, FROM, TEAM,
    FAMILY_FIRST, DETAIL, PERSON_NOUN, ACT, BED,
]


@lru_cache(maxsize=200_000)
def _word_ids(text: str) -> tuple[int, int, str | None, bool]:
    # String-store ids, so that tagging a token is an integer write (build_matcher adds the strings).
    tag, before, after = word_classes(text)
    return get_string_id(tag), get_string_id(before) if before else 0, after, tag in GIVEN_TAGS


# Words that can begin a name with no cue before them also get Token.pos = PROPN, so that the many patterns
# that begin with one test it with one equality rather than a set test per token.
GIVEN_TAGS = (FIRST, SURELY, AMBIGUOUS)


_COLON = get_string_id(":")
_NAME_CUE_ID, _STRONG_ID, _RELATION_ID = (get_string_id(c) for c in (NAME_CUE, STRONG, RELATION))


def tag_words(doc: Doc) -> Doc:
    for token in doc:
        tag, before, after, given = _word_ids(token.text)
        token.tag = tag
        if before:
            # "pt: john smith", "NOK: Will", "name: arthur pemberton": a colon after a cue is the cue, so that
            # the patterns need no optional colon (each optional token is a state at every cue).
            if before == _NAME_CUE_ID and token.orth == _COLON and token.i:
                previous = doc[token.i - 1]
                if previous.lemma in (_STRONG_ID, _RELATION_ID):
                    before = previous.lemma
                elif previous.lemma == _NAME_CUE_ID and previous.orth != _COLON:
                    before = _STRONG_ID
            token.lemma = before
        if after:
            token.norm_ = after  # Token.norm has no integer setter
        if given:
            token.pos = PROPN
    # The Matcher reads LEMMA and POS only from a doc with some set; the others stay empty and match nothing.
    if len(doc) and not doc[0].lemma:
        doc[0].lemma = get_string_id(NONE)
    if len(doc) and not doc[0].pos:
        doc[0].pos = X
    return doc
