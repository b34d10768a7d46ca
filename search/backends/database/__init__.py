"""The default backend: full-text search inside the application database.

SQLite uses FTS5 and PostgreSQL uses tsvector columns with GIN indexes; which one is picked at run
time from the connection's vendor. Both share the filter, facet and similarity logic here.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from django.db import DatabaseError, connections, transaction

from ...criteria import SearchCriteria
from ...documents import IncidentDocument
from ...query import Clause, ParsedQuery, Term, words_of
from ..base import (
    BaseSearchBackend,
    FacetResult,
    Hit,
    IndexedVersion,
    RebuildReport,
    SearchBackendError,
    SearchPage,
    render_highlight,
)
from .engine import Engine, TextMatch
from .sql import DOC_TABLE, facet_sql, filter_sql, split_facet_rows

# Words too common in English to say anything about an incident (for "similar incidents").
STOPWORDS = frozenset(
    "a about above after again all also am an and any are as at be been before being below between both but by"
    " can could did do does doing down during each few for from further had has have having he her here hers him"
    " his how i if in into is it its itself just me more most my no nor not now of off on once only or other our"
    " out over own same she should so some such than that the their them then there these they this those"
    " through to too under until up very was we were what when where which while who whom why will with would"
    " you your approx pt patient was were got went said told".split()
)


class DatabaseSearchBackend(BaseSearchBackend):
    """Search in the Django database: SQLite FTS5 or PostgreSQL full text, chosen at run time.

    OPTIONS: USING (database alias, default "default"), SQLITE_MMAP_MB (4096; SQLite caps it at its build's
    limit), SIMILAR_TERMS (10), DF_CAP (2000): a word in DF_CAP incidents or more is too common to make two
    incidents similar; RANK_LIMIT (20000): above this many matches, results come newest first instead of
    ranked (ranking them all costs too much).
    """

    def __init__(self, alias: str, params: dict):
        super().__init__(alias, params)
        self.using = self.options.get("USING", "default")
        self.similar_terms = int(self.options.get("SIMILAR_TERMS", 10))
        self.df_cap = int(self.options.get("DF_CAP", 2000))
        self.rank_limit = int(self.options.get("RANK_LIMIT", 20000))

    @property
    def connection(self):
        return connections[self.using]

    @property
    def engine(self) -> Engine:
        vendor = self.connection.vendor
        if vendor == "sqlite":
            from .sqlite import SQLiteEngine

            return SQLiteEngine(self.connection)
        if vendor == "postgresql":
            from .postgres import PostgresEngine

            return PostgresEngine(self.connection)
        raise NotImplementedError(
            f"The database search backend supports SQLite (FTS5) and PostgreSQL, not {vendor}; "
            "configure search.backends.elasticsearch.ElasticsearchSearchBackend instead."
        )

    @property
    def label(self) -> str:
        return {"sqlite": "SQLite FTS5", "postgresql": "PostgreSQL full text"}.get(self.connection.vendor, "database")

    def _cursor(self):
        """A cursor for reads, prepared by the engine (e.g. SQLite memory-maps the index)."""
        try:
            cursor = self.connection.cursor()
            self.engine.prepare_read(cursor, self.options)
            return cursor
        except DatabaseError as exc:
            raise SearchBackendError(f"search database unavailable: {exc}") from exc

    # Writes -----------------------------------------------------------------------------------
    def index(self, documents: Sequence[IncidentDocument], *, engine: Engine | None = None) -> None:
        documents = list(documents)
        if not documents:
            return
        try:
            with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
                (engine or self.engine).write(cursor, documents)
        except DatabaseError as exc:
            raise SearchBackendError(f"could not index {len(documents)} incident(s): {exc}") from exc

    def delete(self, incident_ids: Iterable[int]) -> None:
        ids = list(incident_ids)
        if ids:
            with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
                self.engine.delete(cursor, ids)

    def rebuild(self, chunks: Iterable[Sequence[IncidentDocument]]) -> RebuildReport:
        """Upsert chunk by chunk (search stays available), then drop entries whose incident is gone."""
        report = RebuildReport(target=f"{self.label} ({self.using})")
        engine = self.engine
        with self.connection.cursor() as cursor:
            engine.begin_bulk_load(cursor)
        try:
            for chunk in chunks:
                self.index(chunk, engine=engine)
                report.indexed += len(chunk)
                report.chunks += 1
        finally:
            with self.connection.cursor() as cursor:
                engine.end_bulk_load(cursor)
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            report.removed = max(self.engine.remove_orphans(cursor), 0)
        return report

    def clear(self) -> None:
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            self.engine.clear(cursor)

    # Reads ------------------------------------------------------------------------------------
    def _from_where(self, criteria: SearchCriteria, match: TextMatch | None = None) -> tuple[str, list, str | None, list]:
        """FROM ... WHERE ... over documents `d`, its params, and the score expression (if ranked).

        The text part comes from criteria.query unless a ready `match` is given.
        """
        match = match or self.engine.text_match(criteria.query, redacted=criteria.scope.redacted, criteria=criteria)
        where, params = filter_sql(criteria, self.connection.ops, in_match=bool(match and match.filters_in_match))
        from_clause = f"FROM {DOC_TABLE} d"
        if match is not None:
            from_clause = match.from_clause or f"{from_clause} {match.joins}"
            where = match.where + where
            params = match.params + params
        sql = f"{from_clause} WHERE " + (" AND ".join(where) or "1 = 1")
        score = match.score if match is not None else None
        return sql, params, score, (match.score_params if match is not None else [])

    def ranked_ids(self, criteria: SearchCriteria, match: TextMatch | None = None) -> list[Hit]:
        if criteria.scope.nothing:
            return []
        from_where, params, score, score_params = self._from_where(criteria, match)
        if score and (criteria.order_by_relevance or match is not None):
            select, order = f"{score} AS score", "score DESC, d.occurred_at DESC, d.incident_id DESC"
            params = score_params + params
        else:
            select, order = "NULL AS score", "d.occurred_at DESC, d.incident_id DESC"
        sql = f"SELECT d.incident_id, {select} {from_where} ORDER BY {order} LIMIT %s OFFSET %s"
        with self._cursor() as cursor:
            cursor.execute(sql, [*params, criteria.limit, criteria.offset])
            return [Hit(incident_id=row[0], score=row[1]) for row in cursor.fetchall()]

    def count_matches(self, criteria: SearchCriteria, match: TextMatch | None = None) -> int:
        if criteria.scope.nothing:
            return 0
        from_where, params, _, _ = self._from_where(criteria, match)
        with self._cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {from_where}", params)
            return cursor.fetchone()[0]

    def search(self, criteria: SearchCriteria) -> SearchPage:
        """Facets, count and the page of hits in one statement; then highlights for the page.

        Hits are ranked when relevance is wanted and the matches are few enough (RANK_LIMIT), else
        newest first. Scoring every match costs time, so the statement scores them only when the
        engine's estimate of the matches (PostgreSQL's planner) is within twice RANK_LIMIT; without
        an estimate, or when it was wrong, a ranked page is a second statement.
        """
        if criteria.scope.nothing:
            return SearchPage(count=0, hits=[])
        if not criteria.with_facets:
            return super().search(criteria)
        match = self.engine.text_match(criteria.query, redacted=criteria.scope.redacted, criteria=criteria)
        from_where, params, score, score_params = self._from_where(criteria, match)
        wants_rank = bool(score and criteria.order_by_relevance)
        with self._cursor() as cursor:
            estimate = self.engine.estimate_matches(cursor, from_where, params) if wants_rank else None
            one_pass = estimate is not None and estimate <= 2 * self.rank_limit
            sql = facet_sql(
                from_where, score=score if one_pass else None, hits_order="occurred_at DESC, incident_id DESC",
                theme_array=self.engine.theme_array, rank_limit=one_pass,
            )
            statement_params = [*score_params, *params, self.rank_limit] if one_pass else params
            cursor.execute(sql, [*statement_params, criteria.limit, criteria.offset])
            rows = cursor.fetchall()
        facets = self._facet_result(row for row in rows if row[0] != "hit")
        notes = []
        ranked = wants_rank and facets.count <= self.rank_limit
        if ranked and not one_pass:
            hits = self.ranked_ids(criteria, match)
        else:
            hits = [hit for _, hit in sorted((row[2], Hit(int(row[1]), row[3])) for row in rows if row[0] == "hit")]
            if wants_rank and not ranked:
                notes.append(
                    f"More than {self.rank_limit:,} incidents match, so they are shown newest first. "
                    "Add words or filters to sort them by best match."
                )
        highlights = self.highlight(criteria, [h.incident_id for h in hits]) if hits else {}
        hits = [Hit(h.incident_id, h.score, highlights.get(h.incident_id, "")) for h in hits]
        return SearchPage(count=facets.count, hits=hits, facets=facets.facets, histogram=facets.histogram, notes=notes)

    def facet(self, criteria: SearchCriteria) -> FacetResult:
        if criteria.scope.nothing:
            return FacetResult()
        from_where, params, _, _ = self._from_where(criteria)
        with self._cursor() as cursor:
            cursor.execute(facet_sql(from_where, theme_array=self.engine.theme_array), params)
            return self._facet_result(cursor.fetchall())

    @staticmethod
    def _facet_result(rows) -> FacetResult:
        result = FacetResult()
        counts: dict[str, Counter] = {}
        for facet, value, n, _ in split_facet_rows(rows):
            if facet == "count":
                result.count = n
            elif facet == "month":
                result.histogram.append((_as_date(value), n))
            elif value not in (None, ""):
                counts.setdefault(facet, Counter())[str(value)] += n
        for facet, values in counts.items():
            result.facets[facet] = sorted(values.items(), key=lambda item: (-item[1], item[0]))
        result.histogram.sort()
        return result

    def highlight(self, criteria: SearchCriteria, incident_ids: Sequence[int]) -> dict[int, str]:
        ids = list(incident_ids)
        if not ids:
            return {}
        with self._cursor() as cursor:
            marked = self.engine.snippets(cursor, criteria.query, ids, redacted=criteria.scope.redacted)
        return {i: render_highlight(text or "") for i, text in marked.items()}

    def similar(self, incident_id: int, criteria: SearchCriteria) -> SearchPage:
        """Incidents sharing the source's most distinctive words (those in the fewest incidents).

        Incidents sharing any two of them come first (cheap to find, and closer); if that gives less
        than a page, incidents sharing any one of them fill it up.
        """
        if criteria.scope.nothing:
            return SearchPage(count=0, hits=[])
        redacted = criteria.scope.redacted
        with self._cursor() as cursor:
            text = self.engine.source_text(cursor, incident_id, redacted=redacted)
        terms = self.distinctive_terms(text or "", redacted=redacted)
        if not terms:
            return SearchPage(count=0, hits=[])
        any_term = ParsedQuery(clauses=(Clause(terms=tuple(Term(words=(t,)) for t in terms)),))
        filters = replace(criteria.filters, exclude_ids=criteria.filters.exclude_ids | {incident_id})
        similar = replace(criteria, query=any_term, filters=filters, sort="relevance", with_facets=False)
        hits: list[Hit] = []
        count = 0
        if len(terms) >= 3:
            pairs = self.engine.pairs_match(terms[:8], redacted=redacted)
            hits = self.ranked_ids(similar, pairs)
            count = self.count_matches(similar, pairs) if len(hits) == similar.limit else len(hits)
        if len(hits) < similar.limit:
            seen = {h.incident_id for h in hits}
            more = self.ranked_ids(replace(similar, limit=similar.limit + len(seen)))
            hits += [h for h in more if h.incident_id not in seen][: similar.limit - len(hits)]
            count = self.count_matches(similar)
        highlights = self.highlight(similar, [h.incident_id for h in hits]) if hits else {}
        hits = [Hit(h.incident_id, h.score, highlights.get(h.incident_id, "")) for h in hits]
        return SearchPage(count=count, hits=hits)

    def distinctive_terms(self, text: str, *, redacted: bool) -> list[str]:
        """Up to SIMILAR_TERMS words of `text` found in the fewest other incidents (but in at least one).

        A word in half the index or more (or in DF_CAP incidents) says nothing about similarity.
        Document frequencies are counted with a LIMIT, so common words cost no more than rare ones.
        """
        counts = Counter(w for w in words_of(text) if len(w) > 2 and not w.isdigit() and w not in STOPWORDS)
        candidates = [w for w, _ in counts.most_common(20)]
        scored = []
        with self._cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {DOC_TABLE} LIMIT %s) s", [2 * self.df_cap])
            cap = min(self.df_cap, cursor.fetchone()[0] // 2 + 1)
            for word in candidates:
                match = self.engine.term_match(word, redacted=redacted)
                cursor.execute(
                    f"SELECT COUNT(*) FROM (SELECT 1 {match.from_clause or f'FROM {DOC_TABLE} d'} WHERE {' AND '.join(match.where)}"
                    " LIMIT %s) s",
                    [*match.params, cap],
                )
                df = cursor.fetchone()[0]
                if 2 <= df < cap:
                    scored.append((df, -counts[word], word))
        return [word for _, _, word in sorted(scored)[: self.similar_terms]]

    # State ------------------------------------------------------------------------------------
    def indexed_versions(self) -> Iterator[IndexedVersion]:
        from ...models import SearchDocument

        rows = (
            SearchDocument.objects.using(self.using)
            .order_by("incident_id")
            .values_list("incident_id", "source_updated_at", "fingerprint")
        )
        for incident_id, updated, fingerprint in rows.iterator(chunk_size=5000):
            yield IndexedVersion(incident_id, updated, fingerprint)

    def check(self) -> list[str]:
        try:
            if DOC_TABLE not in self.connection.introspection.table_names():
                return []  # not migrated yet: `migrate` creates everything
            with self.connection.cursor() as cursor:
                return self.engine.missing_structures(cursor)
        except NotImplementedError as exc:
            return [str(exc)]


def _as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
