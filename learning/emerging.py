"""Emerging terms: words, phrases and named things that appear in a larger share of reports lately than before.

A report (narrative, medicines and devices fields, redacted first) is reduced to the set of terms it mentions:
- n-grams of one to three content words (lower-cased; stopwords, numbers and punctuation end a phrase);
- named patterns found with spaCy's rule-based Matcher on the tokenizer's output (spaCy's `noun_chunks` need
  a trained parser, which `spacy.blank("en")` lacks): alphanumeric codes such as device models ("XR-200"),
  a capitalised name followed by a number or code ("Alaris 8100", "Zentrix XR-200"), and drug-like words
  (International Nonproprietary Name stems such as -cillin, -parin, -xaban).

For each term seen in at least `min_count` latest reports, the share of latest reports mentioning it is
compared with the baseline share by a one-sided Fisher exact test (hypergeometric upper tail); p-values are
adjusted for the number of terms tested (Benjamini-Hochberg). A term is reported when its adjusted p-value is at
most `max_q` and the rate ratio is at least `min_ratio`. Counting reports, not words, stops one long narrative
from dominating.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

# Words too common in reports to mean anything in a phrase; the statistics deal with the rest.
DOMAIN_STOPWORDS = {
    "pt", "pts", "patient", "patients", "approx", "am", "pm", "hrs", "hr", "mins", "min", "re", "etc", "nil",
    "also", "noted", "informed", "aware",
}
DRUG_LIKE = re.compile(
    r"^(?:[a-z]{3,}(?:cillin|mycin|micin|oxacin|azole|parin|xaban|gatran|pril|sartan|olol|dipine|statin|prazole"
    r"|mab|tinib|semide|azepam|zolam|idone|odone|orphine|fentanyl|caine|cycline|ciclovir|clovir|coxib|profen|olone"
    r"|isone|formin|gliptin|thiazide|triptan|setron|farin|amol|trexate|platin|rubicin|dronate|lukast|terol"
    r"|phylline|oxetine|triptyline|apine|peridol|penem|sulin)|(?:cef|ceph)[a-z]{4,})$"
)
CODE = r"^[A-Za-z]{1,6}-?\d{1,5}[A-Za-z]?$"
_CODE = re.compile(CODE)
_PLACEHOLDER = re.compile(r"\[[^\]\n]{1,40}\]")  # redaction placeholders such as "[NHS number]"
MAX_NGRAM = 3
# spaCy's English stopwords, less a few that carry meaning in a report ("call bell", "side room", "back pain").
KEPT_WORDS = {"call", "side", "back", "front", "top", "bottom", "empty", "full", "serious", "name", "part", "move"}


@dataclass
class EmergingTerm:
    """A term whose share of reports rose: counts are reports mentioning it, not occurrences."""

    term: str
    kind: str  # "phrase", "code", "name_with_number" or "drug_like"
    latest_count: int
    baseline_count: int
    latest_share: float
    baseline_share: float
    rate_ratio: float | None  # None when the baseline never mentions it (a new term)
    p_value: float
    q_value: float
    examples: list[str] = field(default_factory=list)  # references of latest reports that mention it


@dataclass
class EmergingReport:
    latest_reports: int
    baseline_reports: int
    terms_tested: int
    terms: list[EmergingTerm]
    options: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------------------------------- terms


@lru_cache(maxsize=1)
def _pipeline():
    import spacy
    from spacy.matcher import Matcher

    from spacy.lang.en.stop_words import STOP_WORDS

    nlp = spacy.blank("en")
    stopwords = frozenset((STOP_WORDS - KEPT_WORDS) | DOMAIN_STOPWORDS)
    matcher = Matcher(nlp.vocab)
    name = {"IS_TITLE": True, "IS_ALPHA": True}
    matcher.add("code", [[{"TEXT": {"REGEX": CODE}, "LIKE_NUM": False}]])
    matcher.add("name_with_number", [[name, {"TEXT": {"REGEX": r"^\d{1,6}$"}}], [name, {"TEXT": {"REGEX": CODE}}]])
    matcher.add("drug_like", [[{"LOWER": {"REGEX": DRUG_LIKE.pattern}}]])
    return nlp, matcher, stopwords


def _content(token, stopwords: frozenset[str]) -> str | None:
    text = token.lower_
    if text in stopwords:
        return None
    if token.is_alpha and len(text) >= 2:
        return text
    if _CODE.match(token.text) and any(c.isalpha() for c in text):
        return text
    return None


def extract_terms(text: str) -> dict[str, str]:
    """The terms one report mentions, each with its kind ("phrase" unless a named pattern matched it)."""
    nlp, matcher, stopwords = _pipeline()
    doc = nlp.make_doc(_PLACEHOLDER.sub(" . ", text or ""))
    terms: dict[str, str] = {}
    chunk: list[str] = []
    for token in [*doc, None]:
        word = _content(token, stopwords) if token is not None else None
        if word is not None:
            chunk.append(word)
            continue
        for n in range(1, MAX_NGRAM + 1):
            for i in range(len(chunk) - n + 1):
                terms.setdefault(" ".join(chunk[i : i + n]), "phrase")
        chunk = []
    for match_id, start, end in matcher(doc):
        span = doc[start:end]
        if any(t.lower_ in stopwords for t in span if t.is_alpha):
            continue
        terms[span.text.lower()] = nlp.vocab.strings[match_id]
    return terms


# ---------------------------------------------------------------------------------------------- statistics


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_greater(latest_hits: int, latest_total: int, baseline_hits: int, baseline_total: int) -> float:
    """One-sided Fisher exact p-value that the latest share is greater than the baseline share."""
    hits, total = latest_hits + baseline_hits, latest_total + baseline_total
    top = min(hits, latest_total)
    logs = [
        _log_comb(hits, k) + _log_comb(total - hits, latest_total - k) - _log_comb(total, latest_total)
        for k in range(latest_hits, top + 1)
    ]
    if not logs:
        return 1.0
    peak = max(logs)
    return min(1.0, math.exp(peak) * sum(math.exp(v - peak) for v in logs))


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Adjusted p-values (q-values) controlling the false discovery rate, in the input order."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        q[i] = running
    return q


# ---------------------------------------------------------------------------------------------- comparison


def find_emerging(
    latest: Iterable[tuple[str, str]],
    baseline: Iterable[tuple[str, str]],
    *,
    min_count: int = 5,
    min_ratio: float = 2.0,
    max_q: float = 0.05,
    limit: int = 25,
    examples: int = 3,
) -> EmergingReport:
    """Compare reports given as (reference, text) pairs: which terms rose in `latest` against `baseline`?

    Returned terms are sorted by adjusted p-value, then by rate ratio; a shorter phrase is dropped when a
    longer one containing it has the same counts (it says nothing more)."""
    if min_count < 1 or min_ratio < 1 or not 0 < max_q <= 1:
        raise ValueError("min_count must be at least 1, min_ratio at least 1, and max_q in (0, 1].")
    latest_docs: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    n_latest = 0
    for reference, text in latest:
        n_latest += 1
        for term, kind in extract_terms(text).items():
            latest_docs[term].append(reference)
            if kind != "phrase" or term not in kinds:
                kinds[term] = kind
    candidates = {t: refs for t, refs in latest_docs.items() if len(refs) >= min_count}
    baseline_counts: dict[str, int] = defaultdict(int)
    n_baseline = 0
    for _, text in baseline:
        n_baseline += 1
        for term in extract_terms(text):
            if term in candidates:
                baseline_counts[term] += 1
    options = {"min_count": min_count, "min_ratio": min_ratio, "max_q": max_q, "limit": limit}
    if not candidates or n_baseline == 0:
        return EmergingReport(n_latest, n_baseline, 0, [], options)

    tested = sorted(candidates)
    p_values = [fisher_greater(len(candidates[t]), n_latest, baseline_counts[t], n_baseline) for t in tested]
    found = []
    for term, p, q in zip(tested, p_values, benjamini_hochberg(p_values)):
        a, b = len(candidates[term]), baseline_counts[term]
        ratio = (a / n_latest) / (b / n_baseline) if b else None
        if q <= max_q and (ratio is None or ratio >= min_ratio):
            found.append(EmergingTerm(term, kinds[term], a, b, a / n_latest, b / n_baseline, ratio, p, q,
                                      sorted(candidates[term])[:examples]))
    found = _drop_contained(found)
    found.sort(key=lambda t: (t.q_value, -(t.rate_ratio or math.inf), t.term))
    return EmergingReport(n_latest, n_baseline, len(tested), found[:limit], options)


def _drop_contained(terms: list[EmergingTerm]) -> list[EmergingTerm]:
    """Drop a phrase inside a longer reported term with the same counts; named patterns always stay."""
    def inside(short: list[str], long: list[str]) -> bool:
        return len(short) < len(long) and any(long[i : i + len(short)] == short for i in range(len(long)))

    def same_counts(a: EmergingTerm, b: EmergingTerm) -> bool:
        return (a.latest_count, a.baseline_count) == (b.latest_count, b.baseline_count)

    split = {t.term: t.term.split() for t in terms}
    return [
        t for t in terms
        if t.kind != "phrase" or not any(inside(split[t.term], split[u.term]) and same_counts(t, u) for u in terms)
    ]


def emerging_terms(
    *,
    latest: tuple[dt.date, dt.date],
    baseline: tuple[dt.date, dt.date],
    filters: Any = None,
    **options: Any,
) -> EmergingReport:
    """Emerging terms among incidents that happened in `latest` (first day, last day, inclusive, trust time)
    compared with `baseline`, optionally narrowed by a `learning.measures.IncidentFilter`. Text is redacted
    with the configured redactor before any term is taken from it. Options as for `find_emerging`."""
    from incidents.models import Incident
    from incidents.privacy import redact

    from .measures import IncidentFilter, _local_midnight

    for name, (first, last) in (("latest", latest), ("baseline", baseline)):
        if last < first:
            raise ValueError(f"{name} ends before it starts.")
    if not (baseline[1] < latest[0] or latest[1] < baseline[0]):
        raise ValueError("latest and baseline must not overlap.")
    filters = filters or IncidentFilter()

    def reports(first: dt.date, last: dt.date):
        rows = Incident.objects.filter(
            filters.q(), occurred_at__gte=_local_midnight(first),
            occurred_at__lt=_local_midnight(last + dt.timedelta(days=1)),
        ).values_list("reference", "narrative", "medicines", "devices")
        for reference, narrative, medicines, devices in rows.iterator(chunk_size=2000):
            yield reference, redact("\n".join(filter(None, (narrative, medicines, devices))))

    return find_emerging(reports(*latest), reports(*baseline), **options)
