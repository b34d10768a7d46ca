"""The behaviour every search backend must have. Mixed into one test class per backend.

A subclass provides the `backend` fixture: the backend under test, which must hold `world` once that
fixture is built (the database backends get it through the real signals). `backend` comes first in
each signature so that a skipped backend is skipped before the world is built.
"""
from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from search import indexing
from search.criteria import build_criteria
from search.documents import documents_for
from tests.factories import submit

from .conftest import HOSPITAL_NUMBER, VALID_NHS_NUMBER


def refs(page, world):
    by_id = {i.pk: key for key, i in world.incidents.items()}
    return [by_id.get(h.incident_id, h.incident_id) for h in page.hits]


def found(backend, world, q="", user=None, **kwargs):
    criteria = build_criteria(user=user or world.admin, q=q, per_page=kwargs.pop("per_page", 50), **kwargs)
    return backend.search(criteria)


class BackendContract:
    # Words, stemming, synonyms --------------------------------------------------------------------
    def test_a_word_finds_the_incidents_that_contain_it(self, backend, world):
        assert set(refs(found(backend, world, "insulin"), world)) == {"insulin"}

    def test_english_stemming_matches_other_forms(self, backend, world):
        # "falling" and "falls" share a stem with "fall" and "fell" does not.
        assert {"fall", "fall_again"} <= set(refs(found(backend, world, "falling"), world))

    def test_abbreviations_find_the_words_they_stand_for(self, backend, world):
        assert "pressure" in refs(found(backend, world, "PU"), world)  # "pressure ulcer" in the text
        assert "ng_tube" in refs(found(backend, world, "nasogastric"), world)  # "NG" in the text
        assert "markup" in refs(found(backend, world, "CD"), world)  # "controlled drug"
        assert "identifiers" in refs(found(backend, world, "antibiotics"), world)  # "abx"

    def test_all_words_are_required(self, backend, world):
        assert set(refs(found(backend, world, "insulin breakfast"), world)) == {"insulin"}
        assert refs(found(backend, world, "insulin sacrum"), world) == []

    def test_exact_phrase_needs_the_words_together(self, backend, world):
        assert set(refs(found(backend, world, '"wrong patient"'), world)) == {"insulin", "identifiers"}
        assert refs(found(backend, world, '"patient wrong"'), world) == []

    def test_minus_excludes(self, backend, world):
        assert set(refs(found(backend, world, '"wrong patient" -insulin'), world)) == {"identifiers"}

    def test_only_exclusions_return_everything_else(self, backend, world):
        assert set(refs(found(backend, world, "-fall -falls"), world)) == set(world.incidents) - {"fall", "fall_again"}

    def test_or_widens(self, backend, world):
        assert set(refs(found(backend, world, "insulin OR sacrum"), world)) == {"insulin", "pressure"}

    def test_names_and_labels_are_searchable(self, backend, world):
        assert set(refs(found(backend, world, '"Theatre Recovery"'), world)) == {"ng_tube"}
        assert "insulin" in refs(found(backend, world, '"near miss"'), world)

    def test_reference_finds_its_incident_first(self, backend, world):
        incident = world.incidents["pressure"]
        assert refs(found(backend, world, incident.reference), world)[0] == "pressure"

    # Filters ------------------------------------------------------------------------------------
    def test_field_filters(self, backend, world):
        assert set(refs(found(backend, world, "theme:falls"), world)) == {"fall", "fall_again"}
        assert set(refs(found(backend, world, "theme:Medication"), world)) == {"insulin"}  # suggestion >= 0.5
        assert set(refs(found(backend, world, "harm:moderate"), world)) == {"fall_again", "pressure"}
        assert set(refs(found(backend, world, 'location:"Ward 14"'), world)) == {"pressure", "markup"}
        assert set(refs(found(backend, world, "status:in_triage"), world)) == {"pressure"}
        assert set(refs(found(backend, world, "type:near_miss"), world)) == {"insulin"}
        assert set(refs(found(backend, world, "-status:reported"), world)) == {"pressure"}

    def test_filters_combine_with_words(self, backend, world):
        assert set(refs(found(backend, world, "patient harm:moderate"), world)) == {"fall_again"}
        assert set(refs(found(backend, world, "wrong type:near_miss location:Medicine"), world)) == {"insulin"}

    def test_date_filters_are_inclusive_local_days(self, backend, world):
        day = timezone.localdate() - dt.timedelta(days=10)
        assert set(refs(found(backend, world, f"after:{day} before:{day}"), world)) == {"insulin"}
        after = {k for k, i in world.incidents.items() if timezone.localtime(i.occurred_at).date() >= day}
        assert set(refs(found(backend, world, f"after:{day}"), world)) == after

    def test_facet_params_filter_like_the_query_language(self, backend, world):
        site = world.south_ward.directorate.site_id
        assert set(refs(found(backend, world, params={"site": [str(site)]}), world)) == {"pressure", "markup"}
        both = found(backend, world, params={"harm": ["none", "severe"]})
        assert set(refs(both, world)) == {"insulin", "ng_tube", "markup"}

    # Facets, histogram, order, pages --------------------------------------------------------------
    def test_facet_counts_cover_every_match(self, backend, world):
        page = found(backend, world, "", per_page=2)
        assert page.count == 7 and len(page.hits) == 2
        facets = {k: dict(v) for k, v in page.facets.items()}
        assert facets["harm"] == {"low": 2, "moderate": 2, "none": 2, "severe": 1}
        assert facets["status"] == {"reported": 6, "in_triage": 1}
        assert facets["event_type"] == {"incident": 6, "near_miss": 1}
        assert facets["theme"] == {"falls": 2, "medication": 1}
        north = str(world.north_ward.directorate.site_id)
        assert facets["site"][north] == 5
        assert facets["directorate"][str(world.north_other_ward.directorate_id)] == 1
        assert sum(n for _, n in page.histogram) == 7
        months = {timezone.localtime(i.occurred_at).date().replace(day=1) for i in world.incidents.values()}
        assert {m for m, _ in page.histogram} == months

    def test_facets_follow_the_query(self, backend, world):
        page = found(backend, world, "patient")  # and "pt", its abbreviation
        assert set(refs(page, world)) == {"fall", "fall_again", "insulin", "identifiers"}
        assert dict(page.facets["theme"]) == {"falls": 2, "medication": 1}
        assert page.count == 4

    def test_sort_by_date_newest_first(self, backend, world):
        page = found(backend, world, "", sort="date")
        dates = [world.incidents[k].occurred_at for k in refs(page, world)]
        assert dates == sorted(dates, reverse=True)

    def test_pages_do_not_overlap(self, backend, world):
        first = refs(found(backend, world, "", sort="date", per_page=3), world)
        second = refs(found(backend, world, "", sort="date", per_page=3, page=2), world)
        assert len(first) == 3 and len(second) == 3 and not set(first) & set(second)

    # Highlights -------------------------------------------------------------------------------------
    def test_highlight_marks_the_matched_words(self, backend, world):
        page = found(backend, world, "insulin")
        assert "<mark>Insulin</mark>" in page.hits[0].highlight

    def test_highlight_is_escaped_except_for_the_marks(self, backend, world):
        page = found(backend, world, "alert")
        html = page.hits[0].highlight
        assert "<script>" not in html and "script" in html
        assert re.sub(r"</?mark>", "", html).count("<") == 0

    # Scope and privacy ------------------------------------------------------------------------------
    def test_handler_finds_only_incidents_in_scope(self, backend, world):
        page = found(backend, world, "", user=world.handler)
        assert set(refs(page, world)) == {"fall", "fall_again", "insulin", "identifiers"}
        assert page.count == 4
        assert set(refs(found(backend, world, "-insulin", user=world.handler), world)) == {"fall", "fall_again", "identifiers"}
        assert set(refs(found(backend, world, "wrong -insulin harm:low", user=world.handler), world)) == {"identifiers"}
        assert set(refs(found(backend, world, "sacrum OR insulin", user=world.handler), world)) == {"insulin"}

    def test_reporter_finds_nothing(self, backend, world):
        assert found(backend, world, "insulin", user=world.reporter).count == 0

    def test_governance_cannot_find_identifiers(self, backend, world):
        for needle in (VALID_NHS_NUMBER, HOSPITAL_NUMBER, HOSPITAL_NUMBER.lower(), f'"{VALID_NHS_NUMBER}"'):
            assert found(backend, world, needle, user=world.governance).count == 0
            assert "identifiers" in refs(found(backend, world, needle, user=world.handler), world)

    def test_governance_highlights_come_from_redacted_text(self, backend, world):
        page = found(backend, world, "wristband", user=world.governance)
        html = page.hits[0].highlight
        assert "<mark>Wristband</mark>" in html
        assert VALID_NHS_NUMBER not in html and HOSPITAL_NUMBER not in html
        assert VALID_NHS_NUMBER in found(backend, world, "wristband", user=world.handler).hits[0].highlight

    # Similar --------------------------------------------------------------------------------------
    def test_similar_finds_the_near_duplicate_and_not_itself(self, backend, world):
        criteria = build_criteria(user=world.admin, per_page=5)
        page = backend.similar(world.incidents["fall"].pk, criteria)
        keys = refs(page, world)
        assert "fall" not in keys
        assert keys and keys[0] == "fall_again"

    def test_similar_ranks_more_shared_distinctive_words_first(self, backend, world):
        made = [
            submit(world.north_ward, narrative=text).incident
            for text in (
                "Heparin infusion pump occluded; alarm silenced by visitor.",
                "Heparin infusion stopped because the pump alarm was silenced.",
                "Morphine given by syringe; pump checked afterwards.",
            )
        ]
        backend.index(documents_for([i.pk for i in made]))
        page = backend.similar(made[0].pk, build_criteria(user=world.admin, per_page=5))
        ids = [h.incident_id for h in page.hits]
        assert ids[0] == made[1].pk and made[2].pk in ids and made[0].pk not in ids

    def test_similar_respects_scope(self, backend, world):
        criteria = build_criteria(user=world.handler, per_page=10)
        page = backend.similar(world.incidents["insulin"].pk, criteria)
        assert set(refs(page, world)) <= {"fall", "fall_again", "identifiers"}

    # Writes -----------------------------------------------------------------------------------------
    def test_index_replaces_and_delete_removes(self, backend, world):
        incident = world.incidents["insulin"]
        incident.narrative = "Heparin infusion rate transcribed wrongly."
        incident.save()
        backend.index(documents_for([incident.pk]))
        assert refs(found(backend, world, "insulin"), world) == []
        assert refs(found(backend, world, "heparin"), world) == ["insulin"]
        backend.delete([incident.pk])
        assert refs(found(backend, world, "heparin"), world) == []
        assert found(backend, world, "").count == 6

    def test_clear_and_rebuild_restore_everything(self, backend, world):
        backend.clear()
        assert found(backend, world, "").count == 0
        report = indexing.rebuild(chunk_size=3, backend=backend)
        assert report.indexed == 7 and report.chunks == 3
        assert found(backend, world, "").count == 7
        assert refs(found(backend, world, "sacrum"), world) == ["pressure"]

    def test_indexed_versions_stream_in_id_order(self, backend, world):
        versions = list(backend.indexed_versions())
        ids = [v.incident_id for v in versions]
        assert ids == sorted(i.pk for i in world.incidents.values())
        assert all(v.fingerprint for v in versions)

    def test_any_query_string_is_answered(self, backend, world):
        for q in ['"', "OR", "-", "a:b", '"unterminated', "NEAR(a b)", "col:*", "^x", "*", "(", "'", "\\", "AND NOT"]:
            found(backend, world, q)
