"""The search box language: what each construct means, and that nothing a user types breaks it."""
from __future__ import annotations

import string

from hypothesis import given, settings, strategies as st

from search.query import FieldFilter, Term, parse, words_of
from search.synonyms import expand, load_groups
from tests.support.fuzz import examples


def test_words_phrases_exclusions_and_or():
    parsed = parse('fall "wrong patient" -insulin bed OR chair')
    assert [c.terms for c in parsed.clauses] == [
        (Term(("fall",)),),
        (Term(("wrong", "patient")),),
        (Term(("bed",)), Term(("chair",))),
    ]
    assert parsed.excluded == (Term(("insulin",)),)
    assert parsed.warnings == ()


def test_field_filters_are_normalised():
    parsed = parse('theme:falls harm:Moderate location:"Ward 4" status:"in triage" type:near-miss after:2025-04-01 before:2025-05')
    assert parsed.filters == (
        FieldFilter("theme", "falls"),
        FieldFilter("harm", "moderate"),
        FieldFilter("location", "Ward 4"),
        FieldFilter("status", "in_triage"),
        FieldFilter("type", "near_miss"),
        FieldFilter("after", "2025-04-01"),
        FieldFilter("before", "2025-05-01"),
    )
    assert not parsed.clauses


def test_negated_filter():
    assert parse("-status:closed").filters == (FieldFilter("status", "closed", negated=True),)


def test_a_typed_word_with_punctuation_is_one_phrase():
    assert parse("co-amoxiclav 03:00").clauses[0].terms == (Term(("co", "amoxiclav")),)


def test_unclosed_quote_falls_back_to_plain_words_and_says_so():
    parsed = parse('"wrong patient -insulin harm:low')
    assert [t.words for c in parsed.clauses for t in c.terms] == [("wrong",), ("patient",), ("insulin",), ("harm",), ("low",)]
    assert not parsed.excluded and not parsed.filters
    assert "quotation mark" in parsed.warnings[0]


def test_unknown_field_is_searched_as_words():
    parsed = parse("foo:bar")
    assert parsed.clauses[0].terms == (Term(("foo", "bar")),)
    assert "not a filter" in parsed.warnings[0]


def test_bad_values_are_ignored_with_a_warning():
    parsed = parse("harm:banana after:2025-13-40 status:")
    assert parsed.filters == ()
    assert len(parsed.warnings) == 2  # "status:" with nothing after is a word, not a filter
    assert "none, low, moderate, severe, fatal" in parsed.warnings[0]


def test_dangling_or_is_ignored_with_a_warning():
    for text in ("OR fall", "fall OR", "fall OR OR bed", "fall OR -bed"):
        parsed = parse(text)
        assert parsed.warnings and "OR" in parsed.warnings[0], text


def test_lower_case_or_is_a_word():
    assert len(parse("fall or bed").clauses) == 3


def test_long_queries_are_cut_with_a_warning():
    parsed = parse("word " * 200)
    assert len(parsed.clauses) <= 32 and parsed.warnings


def test_synonym_file_has_the_clinical_abbreviations():
    groups = load_groups()
    assert len(groups) >= 50
    assert "patient" in expand("pt") and "pt" in expand("Patient")
    assert "pressure ulcer" in expand("PU") and "nasogastric" in expand("ng")
    assert "a e" in expand("emergency department")  # "A&E" is matched as the words a, e


_pieces = st.sampled_from(['"', "-", ":", "OR", " ", "harm:", "theme:", 'location:"', "after:", "\u00e9", "\u2019", "\x00", "\U0001f600", "(", "*", "fall", "pt"])
queries = st.lists(_pieces | st.text(alphabet=string.printable, max_size=6), max_size=30).map("".join) | st.text(max_size=80)


@settings(max_examples=examples(600), deadline=None)
@given(queries)
def test_parse_never_raises_and_yields_only_word_tokens(text):
    parsed = parse(text)
    for term in [*parsed.terms(), *parsed.excluded]:
        assert term.words and all(words_of(w) == (w,) for w in term.words)
    assert len(parsed.clauses) <= 32
