"""The redaction pipeline: a blank English spaCy pipeline with three rule-based components.

    vigil_shaped_identifiers   regular expressions with validation (learning.redaction.patterns; dates of
                               birth in learning.redaction.dates), and the record's own known identifiers
                               (NHS number, hospital number) in any spacing
    vigil_names                tags each word by how name-like it is (learning.redaction.words; Token.tag_,
                               unused otherwise in this pipeline), then Matcher patterns for names
                               (learning.redaction.names) and the record's known names (PhraseMatcher),
                               and dates of birth written straight after a name with no cue
    vigil_resolve_identifiers  keeps one finding per stretch of text (longest, then most specific) and
                               sets doc.ents, so spaCy tools (displaCy, Doc.to_json) show what was found

Findings are kept with exact character offsets in doc._.identifiers, because an identifier need not start
or end on a token boundary ("NHS:9434765919").
"""
from __future__ import annotations

import re

import nhs_number
import spacy
from spacy.lang.tokenizer_exceptions import URL_PATTERN
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, filter_spans

from . import addresses, dates, names, patterns, words
from .patterns import HOSPITAL_NUMBER, NAME, NHS_NUMBER, PRIORITY, Found

# Every finder of shaped identifiers; the order does not matter, as resolve() keeps one per stretch of text.
FINDERS = (
    patterns.find_emails, patterns.find_nhs_numbers, patterns.find_phone_numbers, patterns.find_hospital_numbers,
    patterns.find_postcodes, addresses.find_addresses, dates.find_dates_of_birth,
)

for _attr in ("candidates", "identifiers", "known"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


def _known_pattern(value: str) -> re.Pattern | None:
    """A known identifier matched in any grouping: digits may be split by spaces or hyphens."""
    compact = re.sub(r"[\s-]", "", value)
    if len(compact) < 4 or not re.search(r"\d", compact):
        return None
    body = r"[\s-]?".join(re.escape(ch) for ch in compact)
    return re.compile(rf"(?<![\w]){body}(?![\w])", re.IGNORECASE)


def _known_label(value: str) -> str:
    compact = re.sub(r"[\s-]", "", value)
    return NHS_NUMBER if compact.isdigit() and len(compact) == 10 and nhs_number.is_valid(compact) else HOSPITAL_NUMBER


@Language.component("vigil_shaped_identifiers")
def shaped_identifiers(doc: Doc) -> Doc:
    found = list(doc._.candidates or [])
    text = doc.text
    for finder in FINDERS:
        found.extend(finder(text))
    for value in doc._.known or ():
        pattern = _known_pattern(value)
        if pattern is not None:
            label = _known_label(value)
            found.extend(Found(m.start(), m.end(), label) for m in pattern.finditer(text))
    doc._.candidates = found
    return doc


@Language.factory("vigil_names")
class NameFinder:
    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.matcher = names.build_matcher(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        words.tag_words(doc)
        found = list(doc._.candidates or [])
        spans = names.name_spans(doc, self.matcher)
        known = names.known_name_matcher(self.nlp, list(doc._.known or ()))
        if known is not None:
            spans += [(span.start_char, span.end_char) for span in known(doc, as_spans=True)]
        found.extend(Found(start, end, NAME) for start, end in spans)
        # "Poppy Lindqvist 17/02/2018": a date written straight after a name is a date of birth. (Doc.text is
        # rebuilt from the tokens on each call, so only when there is a name.)
        if spans:
            text = doc.text
            found.extend(dates.find_dates_after_names(text, spans))
            found.extend(patterns.numbers_after_names(text, spans))
        doc._.candidates = found
        return doc


def resolve(found: list[Found]) -> list[Found]:
    """Non-overlapping findings: the longest wins, then the most specific type, then the earliest."""
    chosen: list[Found] = []
    for item in sorted(set(found), key=lambda f: (-(f.end - f.start), PRIORITY[f.label], f.start)):
        if all(item.end <= c.start or item.start >= c.end for c in chosen):
            chosen.append(item)
    return sorted(chosen)


@Language.component("vigil_resolve_identifiers")
def resolve_identifiers(doc: Doc) -> Doc:
    doc._.identifiers = resolve(doc._.candidates or [])
    spans = [doc.char_span(f.start, f.end, label=f.label, alignment_mode="expand") for f in doc._.identifiers]
    doc.ents = filter_spans([s for s in spans if s is not None])
    return doc


def build() -> Language:
    """A new redaction pipeline. Use learning.redaction.get_pipeline() for the shared one."""
    nlp = spacy.blank("en")
    # Details typed run together ("Thompson/07700900744", "Mutasa,07700900418,pmutasa@..."): a comma or slash
    # between a letter and a digit separates two words, so that the name is a word of its own.
    # So does the full stop after an initial typed against its surname ("J.Nkemelu").
    infixes = list(nlp.Defaults.infixes) + [
        r"(?<=[A-Za-z])[,/](?=[0-9])", r"(?<=[0-9])[,/](?=[A-Za-z])", r"(?<=\b[A-Z])\.(?=[A-Z][a-z]{2})",
    ]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # ...and a comma ends a web or e-mail address, which spaCy would otherwise take whole with what is before it.
    nlp.tokenizer.url_match = re.compile(r"(?u)(?![^,]*,)" + URL_PATTERN).match
    nlp.add_pipe("vigil_shaped_identifiers")
    nlp.add_pipe("vigil_names")
    nlp.add_pipe("vigil_resolve_identifiers")
    return nlp


def find(nlp: Language, text: str, *, known=()) -> list[Found]:
    """Identifiers in `text`, with `known` values of this record (names, numbers) always included."""
    doc = nlp.make_doc(text)
    doc._.known = [k for k in known if k]
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc._.identifiers
