"""Finding people's names with spaCy's Matcher: after a title, after a relation word, from a list of common
given names, and the record's own known names.

The hard part is not finding capitalised words but leaving alone the capitalised words that are not names
("Patient Safety team", "Mr Bump" falls signs, "Dr on call", ward and drug names). A word counts as a name
only if it looks like one (capital then lower case, letters, apostrophes and hyphens) and is not a word staff
write in lower case elsewhere (the corpus's vocabulary) or a word on the short list below.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"

# Matched on the exact text, so that "MS" (multiple sclerosis) is not "Ms".
_PERSONAL_TITLES = ["Mr", "Mrs", "Ms", "Miss", "Mx", "MR", "MRS", "MISS", "mr", "mrs", "ms", "miss"]
_OTHER_TITLES = ["Dr", "Prof", "Professor", "Sister", "Rev", "Revd", "DR", "dr", "prof", "sister"]
TITLES = [t.lower() for t in _PERSONAL_TITLES + _OTHER_TITLES]
KIN = ["son", "daughter", "mother", "father", "brother", "sister"]
RELATIONS = [
    "patient", "pt", "pts", "son", "daughter", "wife", "husband", "mother", "mum", "mam", "father", "dad",
    "partner", "brother", "sister", "carer", "nephew", "niece", "grandson", "granddaughter", "grandma",
    "grandad", "friend", "neighbour", "resident", "client", "called", "named", "nurse", "hca", "colleague",
    "spouse", "aunt", "uncle", "cousin", "baby", "boy", "girl", "child", "mr.", "gentleman", "lady",
]
# Capitalised words that follow titles or relation words in reports but are not names.
NOT_NAMES = {
    "bump", "safety", "experience", "services", "service", "team", "transport", "liaison", "advice", "ward",
    "bay", "bed", "room", "side", "unit", "ed", "a&e", "gp", "nhs", "icu", "itu", "hdu", "amu", "sau", "and",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december", "christmas",
    "in", "on", "at", "to", "was", "is", "had", "has", "the", "a", "an", "of", "with", "who", "he", "she",
    "they", "his", "her", "their", "said", "told", "not", "no", "but", "then", "i", "we", "this", "that",
    "charge", "on-call", "registrar", "consultant", "nurse", "doctor", "surgeon", "anaesthetist", "matron",
    "sister", "staff", "practitioner", "midwife", "pharmacist", "physio", "manager", "lead", "coordinator",
    "hb", "na", "ca", "mg", "cr", "inr", "crp", "wcc", "ph", "ecg", "ct", "mri",
    "covid", "mrsa", "downs", "parkinson", "parkinsons", "alzheimer", "alzheimers", "crohns", "huntington",
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "st", "saint", "lord", "lady", "sir",
    "english", "british", "polish", "romanian", "urdu", "punjabi", "arabic", "bengali", "somali", "portuguese",
}
_NAME_SHAPE = re.compile(r"^(?:[A-Z][a-z]+|[A-Z]'[A-Z][a-z]+|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+)(?:-[A-Z][a-z]+)?$")
_INITIAL = re.compile(r"^[A-Z]\.?$")


@lru_cache(maxsize=1)
def first_names() -> tuple[frozenset[str], frozenset[str]]:
    """(names, names that are also everyday words), lower case, from learning/data/first_names.txt."""
    plain, ambiguous = set(), set()
    for line in (DATA_DIR / "first_names.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        (ambiguous if line.startswith("*") else plain).add(line.lstrip("*").lower())
    return frozenset(plain), frozenset(ambiguous)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words staff write in lower case in the corpus (at least twice): everyday vocabulary, not names."""
    counts: dict[str, int] = {}
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        for word in re.findall(r"(?<![\w'])[a-z][a-z'-]+", path.read_text(encoding="utf-8")):
            counts[word] = counts.get(word, 0) + 1
    plain, ambiguous = first_names()
    return frozenset(w for w, n in counts.items() if n >= 2 and w not in plain and w not in ambiguous)


# Each word gets one tag, kept in Token.tag_ (free in a pipeline with no tagger) so that the Matcher reads a
# native attribute instead of calling Python per token and pattern. Computed once per distinct word.
NONE, INITIAL, NAME_LIKE, AMBIGUOUS, SURELY, FIRST = "V_NONE", "V_INITIAL", "V_NAME", "V_AMBIGUOUS", "V_SURELY", "V_FIRST"
NAME_TAGS = [NAME_LIKE, AMBIGUOUS, SURELY, FIRST]
SURELY_TAGS = [SURELY, FIRST]


@lru_cache(maxsize=200_000)
def word_tag(text: str) -> str:
    """The name tag for one word: first name, surely a name, ambiguous given name, name-shaped, initial, none."""
    if _INITIAL.match(text):
        return INITIAL
    if not _NAME_SHAPE.match(text):
        return NONE
    lower = text.lower()
    if lower in NOT_NAMES:
        return NONE
    plain, ambiguous = first_names()
    if lower in plain:
        return FIRST
    if lower in ambiguous:
        return AMBIGUOUS
    # "Mrs Green" is a name, but "son Brown" is too uncertain: everyday words are only names after a title.
    if len(text) >= 3 and lower not in common_words():
        return SURELY
    return NAME_LIKE


def tag_words(doc: Doc) -> Doc:
    for token in doc:
        token.tag_ = word_tag(token.text)
    return doc


NAME = {"TAG": {"IN": NAME_TAGS}}
SURELY_NAME = {"TAG": {"IN": SURELY_TAGS}}
NAME_OR_INITIAL = {"TAG": {"IN": NAME_TAGS}, "OP": "?"}


def build_matcher(vocab) -> Matcher:
    """Patterns whose match ends with the name; `name_start` in the match id says where the name begins."""
    matcher = Matcher(vocab)
    personal = {"ORTH": {"IN": _PERSONAL_TITLES + [t + "." for t in _PERSONAL_TITLES]}}
    other = {"ORTH": {"IN": _OTHER_TITLES + [t + "." for t in _OTHER_TITLES]}}
    dot = {"ORTH": ".", "OP": "?"}
    initial = {"TAG": INITIAL}
    # Mr Smith, Mrs J Smith, Dr A. Khan, Sister Jones: the title stays, the name goes. After Mr/Mrs/Ms/Miss
    # any name-shaped word will do ("Mrs Green"); after Dr and the rest it must not be an everyday word,
    # since "...the night dr. Found next morning" is two sentences.
    patterns = []
    for title, name in ((personal, NAME), (other, SURELY_NAME)):
        patterns += [
            [title, dot, name, NAME_OR_INITIAL],
            [title, dot, initial, {"ORTH": ".", "OP": "?"}, NAME],
            [title, dot, NAME, initial, NAME],
        ]
    patterns.append([{"ORTH": {"IN": ["Dr", "Prof", "Sister"]}}, NAME, NAME_OR_INITIAL])
    matcher.add("TITLE_NAME", patterns)
    # patient John Smith, son Peter, wife Margaret: the relation word stays.
    matcher.add("RELATION_NAME", [[{"LOWER": {"IN": RELATIONS}}, SURELY_NAME, NAME_OR_INITIAL]])
    # "known as Danny", "Chantelle (DOB ...", "Walter Sykes": a name told by what is around it.
    matcher.add("CUED_NAME", [
        [{"LOWER": "known"}, {"LOWER": "as"}, SURELY_NAME, NAME_OR_INITIAL],
        [{"LOWER": {"IN": ["name", "surname", "forename", "firstname"]}}, {"LOWER": {"IN": ["is", ":", "was"]}, "OP": "?"}, SURELY_NAME, NAME_OR_INITIAL],
        [{"LOWER": {"IN": KIN}}, {"ORTH": "-", "OP": "?"}, {"LOWER": "in"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "law"}, {"ORTH": ",", "OP": "?"}, SURELY_NAME, NAME_OR_INITIAL],
        [{"LOWER": {"IN": RELATIONS}}, {"ORTH": "("}, SURELY_NAME, NAME_OR_INITIAL],
    ])
    details = {"LOWER": {"IN": ["dob", "d.o.b", "d.o.b.", "aged", "age", "nhs", "hospital", "mrn", "born"]}}
    matcher.add("NAME_THEN_DETAILS", [
        [SURELY_NAME, NAME_OR_INITIAL, {"ORTH": {"IN": ["(", ","]}}, details],
        [SURELY_NAME, NAME_OR_INITIAL, {"LOWER": "aged"}],
    ])
    matcher.add("FULL_NAME", [[SURELY_NAME, SURELY_NAME]])
    # Margaret, Margaret Jones, May Thompson (an everyday word only with a surname).
    matcher.add("GIVEN_NAME", [
        [{"TAG": FIRST, "IS_TITLE": True}, NAME_OR_INITIAL],
        [{"TAG": AMBIGUOUS, "IS_TITLE": True}, NAME],
    ])
    return matcher


def name_spans(doc: Doc, matcher: Matcher) -> list[tuple[int, int]]:
    """Character spans of names in the doc, without the title or relation word before them."""
    spans = []
    strings = doc.vocab.strings
    for match_id, start, end in matcher(doc):
        rule = strings[match_id]
        first = start
        if rule in ("TITLE_NAME", "RELATION_NAME"):
            first = start + 1
            if first < end and doc[first].text == ".":
                first += 1
        elif rule == "CUED_NAME":
            first = next(i for i in range(start, end) if doc[i].tag_ in SURELY_TAGS)
        elif rule == "NAME_THEN_DETAILS":
            end = next(i for i in range(start + 1, end + 1) if i == end or doc[i].tag_ not in NAME_TAGS)
        if first >= end:
            continue
        # Double-barrelled names are split by the tokenizer: "Doyle", "-", "Harper".
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end].whitespace_ and doc[end + 1].tag_ in NAME_TAGS:
            end += 2
        span = doc[first:end]
        spans.append((span.start_char, span.end_char))
    return spans


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
