"""SQL shared by the SQLite and PostgreSQL engines: filters, scope and the one-pass facet query."""
from __future__ import annotations

from ...criteria import SearchCriteria

DOC_TABLE = "search_searchdocument"
THEME_TABLE = "search_searchdocumenttheme"

COLUMNS = {
    "harm": "d.harm",
    "status": "d.status",
    "event_type": "d.event_type",
    "learning_response": "d.learning_response",
    "site": "d.site_id",
    "directorate": "d.directorate_id",
    "location": "d.location_id",
    "specialty": "d.specialty_id",
}
# Facet columns materialised with the matches (alias: column); FACET_TUPLES says how they are grouped.
GROUPED_FACETS = {
    "status": "d.status",
    "event_type": "d.event_type",
    "harm": "d.harm",
    "site": "d.site_id",
    "directorate": "d.directorate_id",
    "month": "d.occurred_month",
}
# Facets with few values are counted together, one GROUP BY per tuple, and summed per facet by the
# caller: each GROUP BY over the matches is a sort or a hash of every match, so three instead of six.
# The groups stay few: at most 100 status, type and harm combinations, and one site per directorate.
# None of these values contains a space (slugs, ids, dates).
FACET_TUPLES = (("status", "event_type", "harm"), ("site", "directorate"), ("month",))


def _in_list(column: str, values, params: list) -> str:
    values = sorted(values, key=str)
    if not values:
        return "1 = 0"
    params.extend(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def filter_sql(criteria: SearchCriteria, ops, *, in_match: bool = False) -> tuple[list[str], list]:
    """WHERE conditions (ANDed) for scope and filters over the document table aliased `d`.

    With `in_match`, scope and include/exclude filters are already in the full-text match and only
    the date ranges and excluded ids are left to SQL.
    """
    where: list[str] = []
    params: list = []
    scope = criteria.scope
    if not in_match and not scope.everything:
        parts = []
        if scope.site_ids:
            parts.append(_in_list("d.site_id", scope.site_ids, params))
        if scope.directorate_ids:
            parts.append(_in_list("d.directorate_id", scope.directorate_ids, params))
        where.append("(" + " OR ".join(parts or ["1 = 0"]) + ")")
    f = criteria.filters
    for key, values in () if in_match else f.include:
        where.append(_condition(key, values, params))
    for key, values in () if in_match else f.exclude:
        where.append("NOT " + _condition(key, values, params))
    for column, op, value in (
        ("d.occurred_at", ">=", f.occurred_from),
        ("d.occurred_at", "<", f.occurred_before),
        ("d.reported_at", ">", f.reported_after),
        ("d.reported_at", "<=", f.reported_up_to),
    ):
        if value is not None:
            where.append(f"{column} {op} %s")
            params.append(ops.adapt_datetimefield_value(value))
    if f.exclude_ids:
        where.append("NOT " + _in_list("d.incident_id", f.exclude_ids, params))
    return where, params


def _condition(key: str, values, params: list) -> str:
    if key == "theme":
        inner = _in_list("t.theme", values, params)
        return f"(EXISTS (SELECT 1 FROM {THEME_TABLE} t WHERE t.incident_id = d.incident_id AND {inner}))"
    return "(" + _in_list(COLUMNS[key], values, params) + ")"


def facet_sql(
    from_where: str, *, score: str | None = None, hits_order: str | None = None, theme_array: str | None = None,
    rank_limit: bool = False,
) -> str:
    """One statement that counts every facet, the month histogram and the total over the matches.

    `from_where` is "FROM ... WHERE ..." selecting documents as `d`. The matches are materialised once,
    with `score` (params before those of `from_where`) for each if given.
    With `hits_order`, the same statement also returns the page of hits (params: LIMIT, OFFSET after
    those of `from_where`), so the full-text match runs once per search, not twice.
    With `rank_limit` (and `score`), the page is in score order when no more matches than a limit
    (a param before LIMIT) and in `hits_order` otherwise, when its scores are returned as NULL.
    With `theme_array` (a column of theme slugs on `d`), themes are counted from it, else by a join.
    Rows are (kind, value, count or position, score); for the facets in FACET_TUPLES, kind and value are
    space-separated tuples, and kind "theme[]" has a space-separated set of slugs (see split_facet_rows).
    """
    select = ", ".join(f"{col} AS {name}" for name, col in GROUPED_FACETS.items())
    score_column = f"{score} AS score" if score else "CAST(NULL AS double precision) AS score"
    if theme_array:
        select += f", {theme_array} AS themes"
    parts = []
    if hits_order:
        source, order = "m", hits_order
        if score and rank_limit:
            source = (
                "(SELECT incident_id, occurred_at, CASE WHEN (SELECT COUNT(*) FROM m) <= %s THEN score END AS score FROM m) r"
            )
            order = f"score DESC NULLS LAST, {hits_order}"
        # Numbered after the LIMIT, so that the engine keeps only the page while sorting (a top-N sort)
        # instead of sorting every match for the window function. Positions are within the page.
        parts.append(
            f"SELECT 'hit', CAST(incident_id AS TEXT), ROW_NUMBER() OVER (ORDER BY {order}), score FROM"
            f" (SELECT incident_id, occurred_at, score FROM {source} ORDER BY {order} LIMIT %s OFFSET %s) h"
        )
    for names in FACET_TUPLES:
        value = " || ' ' || ".join(f"COALESCE(CAST({name} AS TEXT), '')" for name in names)
        parts.append(f"SELECT '{' '.join(names)}', {value}, COUNT(*), NULL FROM m GROUP BY {', '.join(names)}")
    if theme_array:
        # Grouped by the whole set of slugs (a few dozen distinct sets) and counted per slug by the
        # caller: cheaper than unnesting every match's array into rows first.
        parts.append("SELECT 'theme[]', array_to_string(themes, ' '), COUNT(*), NULL FROM m GROUP BY themes")
    else:
        parts.append(
            f"SELECT 'theme', t.theme, COUNT(*), NULL FROM m CROSS JOIN {THEME_TABLE} t ON t.incident_id = m.incident_id GROUP BY t.theme"
        )
    parts.append("SELECT 'count', '', COUNT(*), NULL FROM m")
    return (
        f"WITH m AS MATERIALIZED (SELECT d.incident_id, d.occurred_at AS occurred_at, {score_column}, {select}"
        f" {from_where}) " + " UNION ALL ".join(parts)
    )


def split_facet_rows(rows):
    """facet_sql's rows with every FACET_TUPLES row split into one (kind, value, count, score) per facet,
    and every "theme[]" row into one per slug.

    Counts of the same value are not summed here (the caller adds them up).
    """
    for kind, value, n, score in rows:
        if kind.endswith("[]"):
            for part in (value or "").split(" "):
                if part:
                    yield kind[:-2], part, n, score
        elif " " in kind:
            for name, part in zip(kind.split(" "), value.split(" ")):
                yield name, part, n, score
        else:
            yield kind, value, n, score
