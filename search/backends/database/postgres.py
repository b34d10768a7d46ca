"""PostgreSQL full text: text columns and generated tsvector columns (GIN indexed) on the document table."""
from __future__ import annotations

from itertools import combinations

from ...documents import IncidentDocument
from ...query import ParsedQuery, Term
from .engine import Engine, TextMatch, alternatives
from .sql import DOC_TABLE, THEME_TABLE

CONFIG = "english"
HEADLINE_OPTIONS = 'StartSel="\x02", StopSel="\x03", MaxWords=32, MinWords=12, MaxFragments=2, FragmentDelimiter=" \u2026 "'


def _vector(redacted: bool) -> str:
    return "d.vector_redacted" if redacted else "d.vector_raw"


def _body(redacted: bool) -> str:
    return "d.body_redacted" if redacted else "d.body_raw"


def _term_sql(term: Term, params: list, expand: bool = True) -> str:
    parts = []
    for text in alternatives(term, expand=expand):
        params.append(text)
        parts.append(f"phraseto_tsquery('{CONFIG}', %s)")
    return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"


def tsquery_sql(query: ParsedQuery, *, positive_only: bool = False) -> tuple[str | None, list]:
    """A tsquery expression built with phraseto_tsquery per term, so typed text is never tsquery syntax."""
    params: list = []
    clauses = ["(" + " || ".join(_term_sql(t, params) for t in c.terms) + ")" for c in query.clauses]
    if not positive_only and query.excluded:
        negative = " || ".join(_term_sql(t, params) for t in query.excluded)
        clauses.append(f"(!! ({negative}))")
    if not clauses:
        return None, []
    return " && ".join(clauses), params


DOC_COLUMNS = (
    "incident_id", "reference", "status", "event_type", "harm", "learning_response", "site_id", "directorate_id",
    "location_id", "specialty_id", "occurred_at", "occurred_month", "reported_at", "source_updated_at",
    "fingerprint", "meta", "body_raw", "body_redacted",
)


def _doc_row(d: IncidentDocument) -> tuple:
    return (
        d.incident_id, d.reference, d.status, d.event_type, d.harm, d.learning_response, d.site_id,
        d.directorate_id, d.location_id, d.specialty_id, d.occurred_at, d.occurred_month, d.reported_at,
        d.source_updated_at, d.fingerprint, d.meta, d.body_raw, d.body_redacted,
    )


class PostgresEngine(Engine):
    vendor = "postgresql"
    # Set while a rebuild loads an empty table: rows are streamed with COPY instead of upserted.
    copy_mode = False

    def text_match(self, query: ParsedQuery, *, redacted: bool, criteria=None) -> TextMatch | None:
        expression, params = tsquery_sql(query)
        if expression is None:
            return None
        vector = _vector(redacted)
        if not query.clauses:
            # Only exclusions: a negated tsquery cannot use the index, but is correct.
            return TextMatch(where=[f"{vector} @@ ({expression})"], params=params)
        return TextMatch(
            where=[f"{vector} @@ ({expression})"],
            params=params,
            score=f"ts_rank_cd({vector}, {expression})",
            score_params=list(params),
        )

    def pairs_match(self, terms: list[str], *, redacted: bool) -> TextMatch:
        pairs = [f"{a} {b}" for a, b in combinations(terms, 2)]
        expression = "(" + " || ".join([f"plainto_tsquery('{CONFIG}', %s)"] * len(pairs)) + ")"
        vector = _vector(redacted)
        return TextMatch(
            where=[f"{vector} @@ {expression}"], params=list(pairs),
            score=f"ts_rank_cd({vector}, {expression})", score_params=list(pairs),
        )

    def term_match(self, words: str, *, redacted: bool) -> TextMatch:
        return TextMatch(where=[f"{_vector(redacted)} @@ phraseto_tsquery('{CONFIG}', %s)"], params=[words])

    def write(self, cursor, documents: list[IncidentDocument]) -> None:
        if self.copy_mode:
            self._copy(cursor, documents)
            return
        ids = [d.incident_id for d in documents]
        cursor.execute(f"DELETE FROM {THEME_TABLE} WHERE incident_id = ANY(%s)", [ids])
        cursor.executemany(
            f"INSERT INTO {DOC_TABLE} (incident_id, reference, status, event_type, harm, learning_response, site_id,"
            " directorate_id, location_id, specialty_id, occurred_at, occurred_month, reported_at, source_updated_at,"
            " fingerprint, meta, body_raw, body_redacted)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (incident_id) DO UPDATE SET reference = EXCLUDED.reference, status = EXCLUDED.status,"
            " event_type = EXCLUDED.event_type, harm = EXCLUDED.harm, learning_response = EXCLUDED.learning_response,"
            " site_id = EXCLUDED.site_id, directorate_id = EXCLUDED.directorate_id, location_id = EXCLUDED.location_id,"
            " specialty_id = EXCLUDED.specialty_id, occurred_at = EXCLUDED.occurred_at,"
            " occurred_month = EXCLUDED.occurred_month, reported_at = EXCLUDED.reported_at,"
            " source_updated_at = EXCLUDED.source_updated_at, fingerprint = EXCLUDED.fingerprint,"
            " meta = EXCLUDED.meta, body_raw = EXCLUDED.body_raw, body_redacted = EXCLUDED.body_redacted",
            [_doc_row(d) for d in documents],
        )
        themes = [(d.incident_id, t.slug, t.confirmed) for d in documents for t in d.themes]
        if themes:
            cursor.executemany(f"INSERT INTO {THEME_TABLE} (incident_id, theme, confirmed) VALUES (%s, %s, %s)", themes)

    def _copy(self, cursor, documents: list[IncidentDocument]) -> None:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {DOC_TABLE} ({', '.join(DOC_COLUMNS)}) FROM STDIN") as copy:
            for d in documents:
                copy.write_row(_doc_row(d))
        with raw.copy(f"COPY {THEME_TABLE} (incident_id, theme, confirmed) FROM STDIN") as copy:
            for d in documents:
                for t in d.themes:
                    copy.write_row((d.incident_id, t.slug, t.confirmed))

    def begin_bulk_load(self, cursor) -> None:
        """Into an empty table: stream rows with COPY, and build the GIN indexes once at the end."""
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DOC_TABLE})")
        if not cursor.fetchone()[0]:
            cursor.execute("DROP INDEX IF EXISTS search_doc_vector_raw, search_doc_vector_redacted")
            self.copy_mode = True

    def end_bulk_load(self, cursor) -> None:
        from .schema import POSTGRES_VECTOR_INDEXES

        self.copy_mode = False
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for sql in POSTGRES_VECTOR_INDEXES:
            cursor.execute(sql)
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute(f"ANALYZE {DOC_TABLE}")

    def delete(self, cursor, ids: list[int]) -> None:
        cursor.execute(f"DELETE FROM {THEME_TABLE} WHERE incident_id = ANY(%s)", [ids])
        cursor.execute(f"DELETE FROM {DOC_TABLE} WHERE incident_id = ANY(%s)", [ids])

    def clear(self, cursor) -> None:
        cursor.execute(f"TRUNCATE {THEME_TABLE}, {DOC_TABLE}")

    def remove_orphans(self, cursor) -> int:
        orphans = "NOT EXISTS (SELECT 1 FROM incidents_incident i WHERE i.id = {t}.incident_id)"
        cursor.execute(f"DELETE FROM {THEME_TABLE} WHERE {orphans.format(t=THEME_TABLE)}")
        cursor.execute(f"DELETE FROM {DOC_TABLE} WHERE {orphans.format(t=DOC_TABLE)}")
        return cursor.rowcount

    def snippets(self, cursor, query: ParsedQuery, ids: list[int], *, redacted: bool) -> dict[int, str]:
        expression, params = tsquery_sql(query, positive_only=True)
        body = _body(redacted)
        if expression is None:
            cursor.execute(f"SELECT d.incident_id, {body} FROM {DOC_TABLE} d WHERE d.incident_id = ANY(%s)", [ids])
            return {i: _lead(text) for i, text in cursor.fetchall()}
        cursor.execute(
            f"SELECT d.incident_id, ts_headline('{CONFIG}', translate({body}, '<>', '\u2039\u203a'), {expression}, %s)"
            f" FROM {DOC_TABLE} d WHERE d.incident_id = ANY(%s)",
            [*params, HEADLINE_OPTIONS, ids],
        )
        return dict(cursor.fetchall())

    def source_text(self, cursor, incident_id: int, *, redacted: bool) -> str | None:
        cursor.execute(f"SELECT {_body(redacted)} FROM {DOC_TABLE} d WHERE d.incident_id = %s", [incident_id])
        row = cursor.fetchone()
        return row[0] if row else None

    def missing_structures(self, cursor) -> list[str]:
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = %s AND column_name IN"
            " ('vector_raw', 'vector_redacted', 'body_raw', 'body_redacted', 'meta')",
            [DOC_TABLE],
        )
        if cursor.fetchone()[0] == 5:
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname IN ('search_doc_vector_raw', 'search_doc_vector_redacted')")
            if cursor.fetchone()[0] == 2:
                return []
            return ["The GIN indexes on the search vectors are missing (an interrupted rebuild?): run `manage.py search_rebuild`."]
        return [f"The PostgreSQL full-text columns on {DOC_TABLE} are missing: run `manage.py migrate search`."]


def _lead(text: str, words: int = 32) -> str:
    parts = (text or "").split()
    return " ".join(parts[:words]) + ("\u2026" if len(parts) > words else "")
