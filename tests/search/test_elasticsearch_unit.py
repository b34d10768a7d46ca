"""The Elasticsearch backend without a cluster: mappings, query bodies, and the calls it makes.

Requests go through the official client to an in-memory fake node (tests/search/es_fake.py), so the
serialised requests are the ones a real cluster would receive.
"""
from __future__ import annotations

import json

import pytest

from search.backends import es_bodies
from search.backends.base import SearchBackendError
from search.backends.elasticsearch import ElasticsearchSearchBackend
from search.criteria import SearchScope, build_criteria
from search.documents import documents_for

from . import es_fake


@pytest.fixture
def cluster():
    es_fake.CLUSTER = es_fake.FakeCluster()
    return es_fake.CLUSTER


@pytest.fixture
def es(cluster):
    return ElasticsearchSearchBackend("default", {"INDEX": "vigil-test", "OPTIONS": {"CLIENT": es_fake.fake_client()}})


HANDLER_SCOPE = SearchScope(site_ids=frozenset({3}), directorate_ids=frozenset({7}), redacted=False)
GOVERNANCE_SCOPE = SearchScope(everything=True, redacted=True)


def body_for(q="", scope=GOVERNANCE_SCOPE, **kwargs):
    return es_bodies.search_body(build_criteria(scope=scope, q=q, **kwargs))


# Mappings and analysis ---------------------------------------------------------------------------------


def test_mappings_are_strict_and_text_fields_stem_with_synonyms_at_search_time():
    mappings = es_bodies.mappings()
    assert mappings["dynamic"] == "strict"
    for field in ("meta", "narrative_raw", "actions_raw", "narrative_redacted", "actions_redacted"):
        assert mappings["properties"][field] == {"type": "text", "analyzer": "vigil_text", "search_analyzer": "vigil_text_search"}
    for field in ("status", "harm", "event_type", "themes"):
        assert mappings["properties"][field]["type"] == "keyword"
    analysis = es_bodies.index_settings()["analysis"]
    assert "vigil_synonyms" not in analysis["analyzer"]["vigil_text"]["filter"]
    search_filters = analysis["analyzer"]["vigil_text_search"]["filter"]
    assert search_filters.index("vigil_synonyms") < search_filters.index("vigil_stemmer")
    assert analysis["filter"]["vigil_stemmer"] == {"type": "stemmer", "language": "english"}
    rules = analysis["filter"]["vigil_synonyms"]["synonyms"]
    assert "pt, patient" in rules and "pu, pressure ulcer" in rules and len(rules) >= 50


def test_document_source_fits_the_mapping(world):
    source = es_bodies.document_source(documents_for([world.incidents["identifiers"].pk])[0])
    assert set(source) == set(es_bodies.mappings()["properties"])
    assert "9434765919" in source["narrative_raw"] and "9434765919" not in source["narrative_redacted"]


# Query bodies -------------------------------------------------------------------------------------------


def test_governance_queries_never_touch_raw_fields():
    body = body_for('fall "wrong patient" -insulin OR x harm:low', scope=GOVERNANCE_SCOPE)
    assert "_raw" not in json.dumps(body)
    assert body["highlight"]["fields"].keys() == {"narrative_redacted", "actions_redacted"}


def test_words_phrases_or_and_exclusions():
    query = body_for('fall "wrong patient" OR abx -insulin', scope=HANDLER_SCOPE)["query"]["bool"]
    fields = ["reference.text^10", "meta^3", "narrative_raw", "actions_raw"]
    assert query["must"][0] == {"bool": {"should": [{"multi_match": {"query": "fall", "type": "best_fields", "fields": fields, "operator": "and"}}], "minimum_should_match": 1}}
    second = query["must"][1]["bool"]["should"]
    assert second[0]["multi_match"] == {"query": "wrong patient", "type": "phrase", "fields": fields}
    assert second[1]["multi_match"]["query"] == "abx"
    assert query["must_not"] == [{"multi_match": {"query": "insulin", "type": "best_fields", "fields": fields, "operator": "and"}}]


def test_scope_and_filters_become_filter_clauses(world):
    body = body_for('harm:moderate -status:closed after:2025-04-01 before:2025-04-30 theme:falls', scope=HANDLER_SCOPE)
    query = body["query"]["bool"]
    assert query["must"] == [{"match_all": {}}]
    assert {"bool": {"should": [{"terms": {"site_id": [3]}}, {"terms": {"directorate_id": [7]}}], "minimum_should_match": 1}} in query["filter"]
    assert {"terms": {"harm": ["moderate"]}} in query["filter"]
    assert {"terms": {"themes": ["falls"]}} in query["filter"]
    assert {"range": {"occurred_at": {"gte": "2025-04-01T00:00:00+01:00", "lt": "2025-05-01T00:00:00+01:00"}}} in query["filter"]
    assert {"terms": {"status": ["closed"]}} in query["must_not"]


def test_nothing_in_scope_matches_nothing():
    query = body_for("x", scope=SearchScope(redacted=True))["query"]["bool"]
    assert query["filter"] == [{"match_none": {}}]


def test_facets_histogram_sort_and_paging():
    body = body_for("fall", sort="date", page=3, per_page=10)
    assert body["from_"] == 20 and body["size"] == 10 and body["track_total_hits"] is True
    assert body["sort"] == [{"occurred_at": "desc"}, {"incident_id": "desc"}]
    assert set(body["aggs"]) == {"theme", "harm", "status", "event_type", "site", "directorate", "month"}
    month = body["aggs"]["month"]["date_histogram"]
    assert month["calendar_interval"] == "month" and month["time_zone"] == "Europe/London"
    assert body["highlight"]["pre_tags"] == ["\x02"] and body["source"] is False
    assert body_for("fall")["sort"][0] == "_score"


def test_more_like_this_uses_the_text_the_user_may_read():
    criteria = build_criteria(scope=GOVERNANCE_SCOPE)
    query = es_bodies.more_like_this("vigil", 42, criteria)["bool"]
    mlt = query["must"][0]["more_like_this"]
    assert mlt["fields"] == ["narrative_redacted", "actions_redacted"]
    assert mlt["like"] == [{"_index": "vigil", "_id": "42"}]


# Calls through the client ---------------------------------------------------------------------------------


def test_first_write_creates_an_index_behind_the_alias(es, cluster, world):
    es.index(documents_for([world.incidents["fall"].pk]))
    (name,) = cluster.aliases["vigil-test"]
    assert name.startswith("vigil-test-")
    assert cluster.indices[name]["mappings"]["dynamic"] == "strict"
    assert str(world.incidents["fall"].pk) in cluster.indices[name]["docs"]


def test_rebuild_fills_a_new_index_then_swaps_the_alias_atomically(es, cluster, world):
    es.index(documents_for([world.incidents["fall"].pk]))
    (old,) = cluster.aliases["vigil-test"]
    ids = [i.pk for i in world.incidents.values()]
    report = es.rebuild([documents_for(ids[:4]), documents_for(ids[4:])])
    (new,) = cluster.aliases["vigil-test"]
    assert new != old and old not in cluster.indices
    assert report.indexed == 7 and report.chunks == 2 and report.target == new
    assert cluster.indices[new]["settings"]["refresh_interval"] == "-1"
    assert cluster.indices[new]["settings"]["number_of_replicas"] == 0
    swaps = [body for method, path, body in cluster.requests if path.startswith("/_aliases")]
    assert swaps[-1] == {"actions": [{"remove": {"index": old, "alias": "vigil-test"}}, {"add": {"index": new, "alias": "vigil-test"}}]}
    bulk_targets = {line["index"]["_index"] for m, p, body in cluster.requests if p.startswith("/_bulk") for line in body if "index" in line}
    assert new in bulk_targets


def test_search_response_becomes_a_page_with_escaped_highlights(es, cluster):
    cluster.indices["vigil-test-1"] = {"settings": {}, "mappings": {}, "docs": {}}
    cluster.aliases["vigil-test"] = {"vigil-test-1"}
    cluster.search_response = {
        "hits": {"total": {"value": 12}, "hits": [{"_id": "5", "_score": 3.2, "highlight": {"narrative_raw": ["<b> \x02fall\x03 on ward"]}}]},
        "aggregations": {
            "harm": {"buckets": [{"key": "low", "doc_count": 9}]},
            "site": {"buckets": [{"key": 3, "doc_count": 12}]},
            "month": {"buckets": [{"key_as_string": "2025-04-01", "doc_count": 12}]},
        },
    }
    page = es.search(build_criteria(scope=HANDLER_SCOPE, q="fall"))
    assert page.count == 12 and page.hits[0].incident_id == 5
    assert page.hits[0].highlight == "&lt;b&gt; <mark>fall</mark> on ward"
    assert page.facets["harm"] == [("low", 9)] and page.facets["site"] == [("3", 12)]
    assert page.histogram[0][1] == 12 and str(page.histogram[0][0]) == "2025-04-01"
    method, path, sent = cluster.requests[-1]
    assert path.startswith("/vigil-test/_search") and sent["query"]["bool"]["filter"][0]["bool"]["should"]


def test_a_cluster_that_is_down_raises_search_backend_error(es, cluster, world):
    cluster.down = True
    with pytest.raises(SearchBackendError):
        es.index(documents_for([world.incidents["fall"].pk]))
    with pytest.raises(SearchBackendError):
        es.search(build_criteria(scope=HANDLER_SCOPE, q="fall"))


def test_a_failed_rebuild_leaves_the_alias_on_the_old_index(es, cluster, world):
    es.index(documents_for([world.incidents["fall"].pk]))
    (old,) = cluster.aliases["vigil-test"]

    def chunks():
        yield documents_for([world.incidents["insulin"].pk])
        raise RuntimeError("database went away mid-rebuild")

    with pytest.raises(RuntimeError):
        es.rebuild(chunks())
    assert cluster.aliases["vigil-test"] == {old}
    assert set(cluster.indices) == {old}  # the half-built index was deleted
