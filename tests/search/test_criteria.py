"""Resolving names and merging facet choices into what a backend is asked."""
from __future__ import annotations

from search.criteria import SearchScope, build_criteria

EVERYTHING = SearchScope(everything=True, redacted=True)


def test_theme_names_and_slugs_resolve(db):
    criteria = build_criteria(scope=EVERYTHING, q='theme:"Pressure ulcers" theme:falls')
    assert criteria.filters.include == (("theme", frozenset({"pressure_ulcers"})), ("theme", frozenset({"falls"})))


def test_unknown_names_match_nothing_and_say_so(world):
    criteria = build_criteria(scope=EVERYTHING, q='theme:gardening location:"Ward 999"')
    assert criteria.filters.include == (("theme", frozenset()), ("location", frozenset()))
    assert "No theme called 'gardening'." in criteria.warnings
    assert any("Ward 999" in w for w in criteria.warnings)


def test_location_matches_ward_directorate_or_site(world):
    ward = build_criteria(scope=EVERYTHING, q='location:"ward 4"').filters.include[0][1]
    site = build_criteria(scope=EVERYTHING, q='location:"Northgate General"').filters.include[0][1]
    assert ward == {world.north_ward.pk}
    assert site == {world.north_ward.pk, world.north_other_ward.pk}


def test_facet_params_are_ored_within_a_key_and_checked(db):
    criteria = build_criteria(scope=EVERYTHING, params={"harm": ["low", "none"], "site": ["3", "x"], "after": "2025-02-30"})
    assert ("harm", frozenset({"low", "none"})) in criteria.filters.include
    assert ("site", frozenset({3})) in criteria.filters.include
    assert criteria.filters.occurred_from is None
    assert len(criteria.warnings) == 2


def test_paging_and_sort(db):
    criteria = build_criteria(scope=EVERYTHING, q="fall", sort="nonsense", page=3, per_page=10)
    assert (criteria.offset, criteria.limit, criteria.sort) == (20, 10, "relevance")
    assert not build_criteria(scope=EVERYTHING, q="-fall").order_by_relevance  # nothing positive to rank by
