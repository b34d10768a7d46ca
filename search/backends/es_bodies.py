"""Elasticsearch request bodies as plain data: index settings and mappings, queries, aggregations.

Kept apart from the client calls so that unit tests can check exactly what would be sent.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings

from ..criteria import SearchCriteria, SearchScope
from ..documents import MARK_END, MARK_START, IncidentDocument
from ..query import ParsedQuery, Term
from .. import synonyms

TEXT = {"type": "text", "analyzer": "vigil_text", "search_analyzer": "vigil_text_search"}
KEYWORD = {"type": "keyword"}
FIELDS_FOR_KEY = {
    "theme": "themes",
    "harm": "harm",
    "status": "status",
    "event_type": "event_type",
    "learning_response": "learning_response",
    "site": "site_id",
    "directorate": "directorate_id",
    "location": "location_id",
    "specialty": "specialty_id",
}
FACET_SIZES = {"theme": 100, "harm": 10, "status": 10, "event_type": 10, "site": 200, "directorate": 1000}


def index_settings(*, shards: int = 1, replicas: int = 1) -> dict:
    """English stemming at index and search time; the clinical synonym list at search time only."""
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        "analysis": {
            "filter": {
                "vigil_possessive": {"type": "stemmer", "language": "possessive_english"},
                "vigil_stemmer": {"type": "stemmer", "language": "english"},
                "vigil_synonyms": {"type": "synonym_graph", "synonyms": synonyms.solr_rules(), "lenient": True},
            },
            "analyzer": {
                "vigil_text": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["vigil_possessive", "lowercase", "asciifolding", "vigil_stemmer"],
                },
                "vigil_text_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["vigil_possessive", "lowercase", "asciifolding", "vigil_synonyms", "vigil_stemmer"],
                },
            },
        },
    }


def mappings() -> dict:
    """Strict mappings: a field nobody declared is refused rather than guessed."""
    return {
        "dynamic": "strict",
        "properties": {
            "incident_id": {"type": "long"},
            "reference": {**KEYWORD, "fields": {"text": TEXT}},
            "meta": TEXT,
            "narrative_raw": TEXT,
            "actions_raw": TEXT,
            "narrative_redacted": TEXT,
            "actions_redacted": TEXT,
            "status": KEYWORD,
            "event_type": KEYWORD,
            "harm": KEYWORD,
            "physical_harm": KEYWORD,
            "psychological_harm": KEYWORD,
            "learning_response": KEYWORD,
            "site_id": {"type": "long"},
            "directorate_id": {"type": "long"},
            "location_id": {"type": "long"},
            "specialty_id": {"type": "long"},
            "themes": KEYWORD,
            "themes_confirmed": KEYWORD,
            "occurred_at": {"type": "date"},
            "reported_at": {"type": "date"},
            "source_updated_at": {"type": "date"},
            "fingerprint": {"type": "keyword", "index": False},
        },
    }


def document_source(d: IncidentDocument) -> dict:
    return {
        "incident_id": d.incident_id,
        "reference": d.reference,
        "meta": d.meta,
        "narrative_raw": d.narrative_raw,
        "actions_raw": d.actions_raw,
        "narrative_redacted": d.narrative_redacted,
        "actions_redacted": d.actions_redacted,
        "status": d.status,
        "event_type": d.event_type,
        "harm": d.harm,
        "physical_harm": d.physical_harm,
        "psychological_harm": d.psychological_harm,
        "learning_response": d.learning_response,
        "site_id": d.site_id,
        "directorate_id": d.directorate_id,
        "location_id": d.location_id,
        "specialty_id": d.specialty_id,
        "themes": [t.slug for t in d.themes],
        "themes_confirmed": [t.slug for t in d.themes if t.confirmed],
        "occurred_at": d.occurred_at.isoformat(),
        "reported_at": d.reported_at.isoformat(),
        "source_updated_at": d.source_updated_at.isoformat(),
        "fingerprint": d.fingerprint,
    }


def text_fields(redacted: bool) -> list[str]:
    """Fields a query searches. Governance (redacted) never touches the *_raw fields."""
    variant = "redacted" if redacted else "raw"
    return ["reference.text^10", "meta^3", f"narrative_{variant}", f"actions_{variant}"]


def body_fields(redacted: bool) -> list[str]:
    variant = "redacted" if redacted else "raw"
    return [f"narrative_{variant}", f"actions_{variant}"]


def term_query(term: Term, fields: list[str]) -> dict:
    kind = "phrase" if term.is_phrase else "best_fields"
    query = {"query": term.text, "type": kind, "fields": fields}
    if not term.is_phrase:
        query["operator"] = "and"
    return {"multi_match": query}


def text_query(query: ParsedQuery, redacted: bool) -> dict:
    fields = text_fields(redacted)
    must = [
        {"bool": {"should": [term_query(t, fields) for t in clause.terms], "minimum_should_match": 1}}
        for clause in query.clauses
    ] or [{"match_all": {}}]
    body: dict = {"must": must}
    if query.excluded:
        body["must_not"] = [term_query(t, fields) for t in query.excluded]
    return body


def scope_filter(scope: SearchScope) -> list[dict]:
    if scope.everything:
        return []
    should = []
    if scope.site_ids:
        should.append({"terms": {"site_id": sorted(scope.site_ids)}})
    if scope.directorate_ids:
        should.append({"terms": {"directorate_id": sorted(scope.directorate_ids)}})
    return [{"bool": {"should": should, "minimum_should_match": 1}} if should else {"match_none": {}}]


def filter_clauses(criteria: SearchCriteria) -> tuple[list[dict], list[dict]]:
    """(filter, must_not) clauses for scope and filters."""
    f = criteria.filters
    keep = scope_filter(criteria.scope)
    drop: list[dict] = []
    for key, values in f.include:
        keep.append({"terms": {FIELDS_FOR_KEY[key]: sorted(values, key=str)}} if values else {"match_none": {}})
    for key, values in f.exclude:
        drop.append({"terms": {FIELDS_FOR_KEY[key]: sorted(values, key=str)}})
    occurred = {k: v.isoformat() for k, v in (("gte", f.occurred_from), ("lt", f.occurred_before)) if v}
    if occurred:
        keep.append({"range": {"occurred_at": occurred}})
    reported = {k: v.isoformat() for k, v in (("gt", f.reported_after), ("lte", f.reported_up_to)) if v}
    if reported:
        keep.append({"range": {"reported_at": reported}})
    if f.exclude_ids:
        drop.append({"ids": {"values": [str(i) for i in sorted(f.exclude_ids)]}})
    return keep, drop


def bool_query(criteria: SearchCriteria, text: dict | None = None) -> dict:
    body = dict(text or text_query(criteria.query, criteria.scope.redacted))
    keep, drop = filter_clauses(criteria)
    if keep:
        body["filter"] = keep
    if drop:
        body["must_not"] = body.get("must_not", []) + drop
    return {"bool": body}


def aggregations() -> dict:
    aggs = {key: {"terms": {"field": FIELDS_FOR_KEY[key], "size": size}} for key, size in FACET_SIZES.items()}
    aggs["month"] = {
        "date_histogram": {
            "field": "occurred_at",
            "calendar_interval": "month",
            "time_zone": settings.TIME_ZONE,
            "min_doc_count": 1,
            "format": "yyyy-MM-dd",
        }
    }
    return aggs


def highlight(redacted: bool) -> dict:
    narrative, actions = body_fields(redacted)
    return {
        "pre_tags": [MARK_START],
        "post_tags": [MARK_END],
        "require_field_match": True,
        "fields": {
            narrative: {"number_of_fragments": 1, "fragment_size": 200, "no_match_size": 200},
            actions: {"number_of_fragments": 1, "fragment_size": 160},
        },
    }


def sort(criteria: SearchCriteria) -> list:
    if criteria.order_by_relevance:
        return ["_score", {"occurred_at": "desc"}, {"incident_id": "desc"}]
    return [{"occurred_at": "desc"}, {"incident_id": "desc"}]


def search_body(criteria: SearchCriteria, *, query: dict | None = None, facets: bool | None = None) -> dict:
    """Keyword arguments for Elasticsearch.search(): one request for hits, highlights and facets."""
    body = {
        "query": query or bool_query(criteria),
        "from_": criteria.offset,
        "size": criteria.limit,
        "sort": sort(criteria),
        "track_total_hits": True,
        "source": False,
        "highlight": highlight(criteria.scope.redacted),
    }
    if criteria.with_facets if facets is None else facets:
        body["aggs"] = aggregations()
    return body


def more_like_this(index: str, incident_id: int, criteria: SearchCriteria) -> dict:
    """Similar incidents: the source's distinctive terms in the text this user may read."""
    mlt = {
        "more_like_this": {
            "fields": body_fields(criteria.scope.redacted),
            "like": [{"_index": index, "_id": str(incident_id)}],
            "min_term_freq": 1,
            "min_doc_freq": 2,
            "max_query_terms": 12,
            "minimum_should_match": "1",
        }
    }
    return bool_query(criteria, text={"must": [mlt]})


def parse_histogram(buckets: list[dict]) -> list[tuple[dt.date, int]]:
    return [(dt.date.fromisoformat(b["key_as_string"][:10]), b["doc_count"]) for b in buckets if b["doc_count"]]
