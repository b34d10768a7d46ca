"""PostgreSQL full text: tsvector columns (GIN indexed) on a narrow document row; the text in its own table."""
from __future__ import annotations

import json
from itertools import combinations

from ...documents import IncidentDocument
from ...query import ParsedQuery, Term
from .engine import Engine, TextMatch, alternatives
from .schema import POSTGRES_VECTOR_INDEXES, RAW_VECTOR, TEXT_TABLE, tokens_sql, vector_sql
from .sql import DOC_TABLE, THEME_TABLE
from .tokens import filter_groups

CONFIG = "english"
HEADLINE_OPTIONS = 'StartSel="\x02", StopSel="\x03", MaxWords=32, MinWords=12, MaxFragments=2, FragmentDelimiter=" \u2026 "'


def _vector(redacted: bool) -> str:
    return "d.vector_redacted" if redacted else RAW_VECTOR


def _body(redacted: bool) -> str:
    return "t.body_redacted" if redacted else "t.body_raw"


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


# Document columns and their types, as written from arrays (one statement per chunk).
DOC_COLUMNS = (
    ("incident_id", "bigint"), ("reference", "text"), ("status", "text"), ("event_type", "text"), ("harm", "text"),
    ("learning_response", "text"), ("site_id", "bigint"), ("directorate_id", "bigint"), ("location_id", "bigint"),
    ("specialty_id", "bigint"), ("occurred_at", "timestamptz"), ("occurred_month", "date"),
    ("reported_at", "timestamptz"), ("source_updated_at", "timestamptz"), ("fingerprint", "text"),
)
TEXT_COLUMNS = (("themes", "text"), ("meta", "text"), ("body_raw", "text"), ("body_redacted", "text"))


def _doc_row(d: IncidentDocument) -> tuple:
    return (
        d.incident_id, d.reference, d.status, d.event_type, d.harm, d.learning_response, d.site_id,
        d.directorate_id, d.location_id, d.specialty_id, d.occurred_at, d.occurred_month, d.reported_at,
        d.source_updated_at, d.fingerprint, " ".join(t.slug for t in d.themes), d.meta, d.body_raw, d.body_redacted,
    )


def _upsert_sql() -> str:
    """One statement that writes a chunk's text rows and document rows, given one array per column.

    The tsvectors are computed here rather than generated from text on the same row, which is
    what lets the text live in its own table. The raw vector is stored only when redaction changed
    the text (else NULL: searches with identifiers then read the redacted vector, see RAW_VECTOR).
    """
    columns = DOC_COLUMNS + TEXT_COLUMNS
    unnest = ", ".join(f"%s::{kind}[]" for _, kind in columns)
    names = ", ".join(name for name, _ in columns)
    doc_names = [name for name, _ in DOC_COLUMNS]
    updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in [*doc_names[1:], "themes", "vector_redacted", "vector_raw"])
    themed = f"(SELECT {', '.join(doc_names)}, string_to_array(themes, ' ') AS themes, meta, body_raw, body_redacted" \
        f" FROM unnest({unnest}) AS s({names}))"
    tokens = tokens_sql("s")
    return (
        f"WITH s AS MATERIALIZED {themed},"
        f" text_rows AS (INSERT INTO {TEXT_TABLE} (incident_id, meta, body_raw, body_redacted)"
        " SELECT incident_id, meta, body_raw, body_redacted FROM s ON CONFLICT (incident_id) DO UPDATE SET"
        " meta = EXCLUDED.meta, body_raw = EXCLUDED.body_raw, body_redacted = EXCLUDED.body_redacted)"
        f" INSERT INTO {DOC_TABLE} ({', '.join(doc_names)}, themes, vector_redacted, vector_raw)"
        f" SELECT {', '.join('s.' + n for n in doc_names)}, s.themes,"
        f" {vector_sql('s.reference', 's.meta', 's.body_redacted', tokens)},"
        f" CASE WHEN s.body_raw = s.body_redacted THEN NULL ELSE {vector_sql('s.reference', 's.meta', 's.body_raw', tokens)} END"
        f" FROM s ON CONFLICT (incident_id) DO UPDATE SET {updates}"
    )


UPSERT = _upsert_sql()


class PostgresEngine(Engine):
    vendor = "postgresql"
    theme_array = "d.themes"

    def estimate_matches(self, cursor, from_where: str, params: list) -> int | None:
        # The planner's estimate (statistics on the tsvector's words): a millisecond, no rows read.
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 {from_where}", params)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])

    def text_match(self, query: ParsedQuery, *, redacted: bool, criteria=None) -> TextMatch | None:
        expression, params = tsquery_sql(query)
        vector = _vector(redacted)
        score = {"score": f"ts_rank_cd({vector}, {expression})", "score_params": list(params)} if query.clauses else {}
        groups = filter_groups(criteria) if criteria is not None else None
        if groups and (groups[0] or groups[1]) and (query.clauses or groups[0]):
            # Scope and filters as words in the same GIN search (see tokens.py).
            required, excluded = groups
            words = [" & ".join("(" + " | ".join(group) + ")" for group in required)] if required else []
            if excluded:
                words.append("!(" + " | ".join(t for group in excluded for t in group) + ")")
            tokens = "to_tsquery('simple', %s)"
            where = f"{vector} @@ (({expression}) && {tokens})" if expression else f"{vector} @@ {tokens}"
            return TextMatch(where=[where], params=[*params, " & ".join(words)], filters_in_match=True, **score)
        if expression is None:
            return None
        # Only exclusions: a negated tsquery cannot use the index, but is correct.
        return TextMatch(where=[f"{vector} @@ ({expression})"], params=params, **score)

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
        ids = [d.incident_id for d in documents]
        cursor.execute(f"DELETE FROM {THEME_TABLE} WHERE incident_id = ANY(%s)", [ids])
        rows = [_doc_row(d) for d in documents]
        cursor.execute(UPSERT, [list(column) for column in zip(*rows)])
        themes = [(d.incident_id, t.slug, t.confirmed) for d in documents for t in d.themes]
        if themes:
            cursor.execute(
                f"INSERT INTO {THEME_TABLE} (incident_id, theme, confirmed)"
                " SELECT * FROM unnest(%s::bigint[], %s::text[], %s::boolean[])",
                [list(column) for column in zip(*themes)],
            )

    def begin_bulk_load(self, cursor) -> None:
        """Into an empty table, build the GIN indexes once at the end rather than row by row."""
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DOC_TABLE})")
        if not cursor.fetchone()[0]:
            cursor.execute("DROP INDEX IF EXISTS search_doc_vector_raw, search_doc_vector_redacted")

    def end_bulk_load(self, cursor) -> None:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for sql in POSTGRES_VECTOR_INDEXES:
            cursor.execute(sql)
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute(f"ANALYZE {DOC_TABLE}")
        cursor.execute(f"ANALYZE {TEXT_TABLE}")

    def delete(self, cursor, ids: list[int]) -> None:
        for table in (THEME_TABLE, TEXT_TABLE, DOC_TABLE):
            cursor.execute(f"DELETE FROM {table} WHERE incident_id = ANY(%s)", [ids])

    def clear(self, cursor) -> None:
        cursor.execute(f"TRUNCATE {THEME_TABLE}, {TEXT_TABLE}, {DOC_TABLE}")

    def remove_orphans(self, cursor) -> int:
        orphans = "NOT EXISTS (SELECT 1 FROM incidents_incident i WHERE i.id = {t}.incident_id)"
        for table in (THEME_TABLE, TEXT_TABLE, DOC_TABLE):
            cursor.execute(f"DELETE FROM {table} WHERE {orphans.format(t=table)}")
        return cursor.rowcount

    def snippets(self, cursor, query: ParsedQuery, ids: list[int], *, redacted: bool) -> dict[int, str]:
        expression, params = tsquery_sql(query, positive_only=True)
        body = _body(redacted)
        if expression is None:
            cursor.execute(f"SELECT t.incident_id, {body} FROM {TEXT_TABLE} t WHERE t.incident_id = ANY(%s)", [ids])
            return {i: _lead(text) for i, text in cursor.fetchall()}
        cursor.execute(
            f"SELECT t.incident_id, ts_headline('{CONFIG}', translate({body}, '<>', '\u2039\u203a'), {expression}, %s)"
            f" FROM {TEXT_TABLE} t WHERE t.incident_id = ANY(%s)",
            [*params, HEADLINE_OPTIONS, ids],
        )
        return dict(cursor.fetchall())

    def source_text(self, cursor, incident_id: int, *, redacted: bool) -> str | None:
        cursor.execute(f"SELECT {_body(redacted)} FROM {TEXT_TABLE} t WHERE t.incident_id = %s", [incident_id])
        row = cursor.fetchone()
        return row[0] if row else None

    def missing_structures(self, cursor) -> list[str]:
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns WHERE (table_name = %s AND column_name IN"
            " ('vector_raw', 'vector_redacted', 'themes')) OR (table_name = %s AND column_name = 'body_redacted')",
            [DOC_TABLE, TEXT_TABLE],
        )
        if cursor.fetchone()[0] == 4:
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname IN ('search_doc_vector_raw', 'search_doc_vector_redacted')")
            if cursor.fetchone()[0] == 2:
                return []
            return ["The GIN indexes on the search vectors are missing (an interrupted rebuild?): run `manage.py search_rebuild`."]
        return [f"The PostgreSQL full-text columns on {DOC_TABLE} and {TEXT_TABLE} are missing: run `manage.py migrate search`."]


def _lead(text: str, words: int = 32) -> str:
    parts = (text or "").split()
    return " ".join(parts[:words]) + ("\u2026" if len(parts) > words else "")
