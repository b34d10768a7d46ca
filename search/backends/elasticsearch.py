"""Elasticsearch (8.x or 9.x, official client): the backend for a trust-sized index.

Searches go to an alias; `rebuild` fills a new timestamped index and swaps the alias atomically,
so searches never see a half-built index. OPTIONS: API_KEY, CA_CERTS, TIMEOUT, SHARDS, REPLICAS,
REFRESH (make writes visible at once; for tests), CLIENT (an Elasticsearch instance to use instead).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from django.utils import timezone

from ..criteria import FACETS, SearchCriteria
from ..documents import IncidentDocument
from . import es_bodies
from .base import (
    BaseSearchBackend,
    FacetResult,
    Hit,
    IndexedVersion,
    RebuildReport,
    SearchBackendError,
    SearchPage,
    render_highlight,
)


def _errors():
    from elasticsearch import ApiError, TransportError

    return (ApiError, TransportError)


class ElasticsearchSearchBackend(BaseSearchBackend):
    label = "Elasticsearch"

    def __init__(self, alias: str, params: dict):
        super().__init__(alias, params)
        self.index_name = params.get("INDEX", "vigil-incidents")
        self.urls = params.get("URLS") or ["http://localhost:9200"]
        self.refresh = bool(self.options.get("REFRESH", False))
        self.shards = int(self.options.get("SHARDS", 1))
        self.replicas = int(self.options.get("REPLICAS", 1))
        self.bulk_chunk = int(self.options.get("BULK_CHUNK", 500))
        self._client = self.options.get("CLIENT")
        self._alias_ready = False

    @property
    def client(self):
        if self._client is None:
            from elasticsearch import Elasticsearch

            kwargs = {"request_timeout": int(self.options.get("TIMEOUT", 10))}
            if self.options.get("API_KEY"):
                kwargs["api_key"] = self.options["API_KEY"]
            if self.options.get("CA_CERTS"):
                kwargs["ca_certs"] = self.options["CA_CERTS"]
            self._client = Elasticsearch(self.urls, **kwargs)
        return self._client

    def _call(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except _errors() as exc:
            raise SearchBackendError(f"Elasticsearch {what} failed at {', '.join(self.urls)}: {exc}") from exc

    # Index lifecycle ----------------------------------------------------------------------------
    def _new_index_name(self) -> str:
        return f"{self.index_name}-{timezone.now():%Y%m%d%H%M%S%f}"

    def _create_index(self, name: str, *, building: bool = False) -> None:
        index_settings = es_bodies.index_settings(shards=self.shards, replicas=0 if building else self.replicas)
        if building:
            index_settings["refresh_interval"] = "-1"
        self._call("create index", self.client.indices.create, index=name, settings=index_settings, mappings=es_bodies.mappings())

    def _current_indices(self) -> list[str]:
        indices = self.client.indices
        if self._call("alias lookup", indices.exists_alias, name=self.index_name):
            return sorted(self._call("alias lookup", indices.get_alias, name=self.index_name))
        if self._call("index lookup", indices.exists, index=self.index_name):
            raise SearchBackendError(
                f"'{self.index_name}' is an index, not an alias. Delete it (or set SEARCH_INDEX to another name) "
                "and run `manage.py search_rebuild`."
            )
        return []

    def ensure_index(self) -> None:
        """Create an empty index behind the alias on first use."""
        if self._alias_ready:
            return
        if not self._current_indices():
            name = self._new_index_name()
            self._create_index(name)
            self._call("alias", self.client.indices.update_aliases, actions=[{"add": {"index": name, "alias": self.index_name}}])
        self._alias_ready = True

    # Writes -----------------------------------------------------------------------------------
    def _actions(self, documents: Iterable[IncidentDocument], index: str) -> Iterator[dict]:
        for d in documents:
            yield {"_op_type": "index", "_index": index, "_id": str(d.incident_id), "_source": es_bodies.document_source(d)}

    def _bulk(self, actions: Iterable[dict], *, refresh: bool = False) -> int:
        from elasticsearch import helpers

        done, failures = 0, []
        try:
            for ok, item in helpers.streaming_bulk(
                self.client, actions, chunk_size=self.bulk_chunk, raise_on_error=False, max_retries=3,
                refresh="wait_for" if refresh else False,
            ):
                if ok:
                    done += 1
                else:
                    failures.append(item)
        except _errors() as exc:
            raise SearchBackendError(f"Elasticsearch bulk request failed: {exc}") from exc
        if failures:
            raise SearchBackendError(f"Elasticsearch refused {len(failures)} document(s), first: {failures[0]}")
        return done

    def index(self, documents: Sequence[IncidentDocument]) -> None:
        if documents:
            self.ensure_index()
            self._bulk(self._actions(documents, self.index_name), refresh=self.refresh)

    def delete(self, incident_ids: Iterable[int]) -> None:
        ids = [str(i) for i in incident_ids]
        if ids:
            self.ensure_index()
            actions = ({"_op_type": "delete", "_index": self.index_name, "_id": i} for i in ids)
            from elasticsearch import helpers

            try:
                for ok, item in helpers.streaming_bulk(
                    self.client, actions, raise_on_error=False, refresh="wait_for" if self.refresh else False
                ):
                    if not ok and item.get("delete", {}).get("status") != 404:
                        raise SearchBackendError(f"Elasticsearch could not delete: {item}")
            except _errors() as exc:
                raise SearchBackendError(f"Elasticsearch delete failed: {exc}") from exc

    def rebuild(self, chunks: Iterable[Sequence[IncidentDocument]]) -> RebuildReport:
        """Fill a new index, then point the alias at it in one atomic update and drop the old ones."""
        new = self._new_index_name()
        report = RebuildReport(target=new)
        old = self._current_indices()
        self._create_index(new, building=True)
        try:
            def actions():
                for chunk in chunks:
                    report.chunks += 1
                    yield from self._actions(chunk, new)

            report.indexed = self._bulk(actions())
            self._call(
                "settings", self.client.indices.put_settings, index=new,
                settings={"index": {"refresh_interval": "1s", "number_of_replicas": self.replicas}},
            )
            self._call("refresh", self.client.indices.refresh, index=new)
        except BaseException:
            try:  # leave no half-built index behind; the alias still points at the old one
                self.client.options(ignore_status=404).indices.delete(index=new)
            except _errors():
                pass
            raise
        swap = [{"remove": {"index": name, "alias": self.index_name}} for name in old]
        swap.append({"add": {"index": new, "alias": self.index_name}})
        self._call("alias swap", self.client.indices.update_aliases, actions=swap)
        for name in old:
            self._call("delete old index", self.client.options(ignore_status=404).indices.delete, index=name)
        self._alias_ready = True
        return report

    def clear(self) -> None:
        self.ensure_index()
        self._call(
            "clear", self.client.delete_by_query, index=self.index_name, query={"match_all": {}},
            refresh=True, conflicts="proceed",
        )

    def drop_all(self) -> None:
        """Delete every index behind the alias (tests and decommissioning)."""
        for name in self._current_indices():
            self.client.options(ignore_status=404).indices.delete(index=name)
        self._alias_ready = False

    # Reads ------------------------------------------------------------------------------------
    def _search(self, criteria: SearchCriteria, **kwargs) -> dict:
        self.ensure_index()
        body = es_bodies.search_body(criteria, **kwargs)
        return self._call("search", self.client.search, index=self.index_name, **body)

    def _page(self, response: dict) -> SearchPage:
        hits = []
        for hit in response["hits"]["hits"]:
            marked = hit.get("highlight", {})
            fragments = [f for values in marked.values() for f in values]
            best = next((f for f in fragments if "\x02" in f), fragments[0] if fragments else "")
            hits.append(Hit(int(hit["_id"]), hit.get("_score"), render_highlight(best)))
        aggs = response.get("aggregations", {})
        facets = {
            key: [(str(b["key"]), b["doc_count"]) for b in aggs[key]["buckets"]] for key in FACETS if key in aggs
        }
        histogram = es_bodies.parse_histogram(aggs.get("month", {}).get("buckets", []))
        return SearchPage(count=response["hits"]["total"]["value"], hits=hits, facets=facets, histogram=histogram)

    def search(self, criteria: SearchCriteria) -> SearchPage:
        if criteria.scope.nothing:
            return SearchPage(count=0, hits=[])
        return self._page(self._search(criteria))

    def ranked_ids(self, criteria: SearchCriteria) -> list[Hit]:
        return self.search(criteria).hits

    def facet(self, criteria: SearchCriteria) -> FacetResult:
        from dataclasses import replace

        page = self._page(self._search(replace(criteria, limit=0), facets=True))
        return FacetResult(count=page.count, facets=page.facets, histogram=page.histogram)

    def highlight(self, criteria: SearchCriteria, incident_ids: Sequence[int]) -> dict[int, str]:
        from dataclasses import replace

        ids = frozenset(int(i) for i in incident_ids)
        limited = replace(criteria, offset=0, limit=len(ids), with_facets=False)
        query = es_bodies.bool_query(limited)
        query["bool"].setdefault("filter", []).append({"ids": {"values": [str(i) for i in sorted(ids)]}})
        page = self._page(self._search(limited, query=query))
        return {h.incident_id: h.highlight for h in page.hits}

    def similar(self, incident_id: int, criteria: SearchCriteria) -> SearchPage:
        from dataclasses import replace

        filters = replace(criteria.filters, exclude_ids=criteria.filters.exclude_ids | {incident_id})
        criteria = replace(criteria, filters=filters, sort="relevance", with_facets=False)
        if criteria.scope.nothing:
            return SearchPage(count=0, hits=[])
        query = es_bodies.more_like_this(self.index_name, incident_id, criteria)
        body = es_bodies.search_body(criteria, query=query)
        body["sort"] = ["_score", {"incident_id": "desc"}]
        self.ensure_index()
        return self._page(self._call("more_like_this", self.client.search, index=self.index_name, **body))

    # State ------------------------------------------------------------------------------------
    def indexed_versions(self) -> Iterator[IndexedVersion]:
        """Streams (id, version) with a point in time and search_after, 5000 at a time."""
        self.ensure_index()
        pit = self._call("open point in time", self.client.open_point_in_time, index=self.index_name, keep_alive="2m")["id"]
        after = None
        try:
            while True:
                kwargs = {"search_after": after} if after else {}
                response = self._call(
                    "scan", self.client.search, pit={"id": pit, "keep_alive": "2m"}, size=5000,
                    sort=[{"incident_id": "asc"}], source=["source_updated_at", "fingerprint"], **kwargs,
                )
                pit = response.get("pit_id", pit)
                hits = response["hits"]["hits"]
                if not hits:
                    return
                for hit in hits:
                    src = hit["_source"]
                    yield IndexedVersion(int(hit["_id"]), dt.datetime.fromisoformat(src["source_updated_at"]), src["fingerprint"])
                after = hits[-1]["sort"]
        finally:
            self.client.options(ignore_status=404).close_point_in_time(id=pit)

    def check(self) -> list[str]:
        if not self.urls:
            return ["Set ELASTICSEARCH_URL to the Elasticsearch cluster's address."]
        return []
