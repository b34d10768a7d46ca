"""Monthly measures answered from the incident summary instead of the incident tables.

`cells()` gives what learning.measures would count live, {(key value, period index): (numerator, incidents)},
or raises SummaryUnavailable saying why the summary cannot answer exactly, and the measure is computed live:

- weekly periods (the summary is monthly);
- a window holding a month never summarised (e.g. before the first incident, or after a bulk load into an empty
  database: an empty summary is never read as zero incidents) or marked stale (a change not yet summarised);
- specialties, as a filter or a key (not a summary dimension: it would multiply the rows about twentyfold);
- more than one theme in a filter ("any of these themes" counts an incident once, which per-theme rows cannot
  tell), or any theme filter when counting by theme;
- a numerator narrowing by a theme that the rows counted do not already have.

Everything else an IncidentFilter says (event types, harm, locations, directorates, sites, Never Events,
duplicates) is a column of the summary or reached through its location, and is applied exactly as live.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q, Sum

from .measures import GROUP_FIELDS, HARM_FILTERS, PLACE_LOOKUPS, IncidentFilter
from .models import Theme
from .trend_models import MonthlyIncidentSummary, SummarisedMonth, SummaryStaleMonth


class SummaryUnavailable(Exception):
    """The summary cannot answer this measure exactly; the message says why."""


def cells(*, key: str | None, filters: IncidentFilter, numerator: IncidentFilter | None,
          periods: list[dt.date], interval: str) -> dict[tuple[Any, int], tuple[int, int]]:
    if interval != "month":
        raise SummaryUnavailable("the summary is monthly; weekly measures are counted live")
    if key == "specialty" or filters.specialties or (numerator is not None and numerator.specialties):
        raise SummaryUnavailable("specialty is not a summary dimension")
    theme_rows = _theme_rows(key, filters)
    if numerator is not None:
        _check_numerator_themes(numerator, key, theme_rows)
    window = {"month__gte": periods[0], "month__lte": periods[-1]}
    if SummarisedMonth.objects.filter(built_at__isnull=False, **window).count() < len(periods):
        raise SummaryUnavailable("a month in the window has never been summarised")
    if SummaryStaleMonth.objects.filter(**window).exists():
        raise SummaryUnavailable("a month in the window has changes not yet summarised")
    index = {p: i for i, p in enumerate(periods)}
    rows = MonthlyIncidentSummary.objects.filter(theme_rows, row_q(filters), **window)
    sums = {"n": Sum("incidents")}
    if numerator is not None:
        sums["num"] = Sum("incidents", filter=row_q(numerator))
    group = {"k": F(GROUP_FIELDS[key])} if key else {}
    out = {}
    for r in rows.values("month", **group).annotate(**sums).order_by():
        out[(r.get("k"), index[r["month"]])] = (r.get("num") or 0, r["n"])
    return out


def row_q(filters: IncidentFilter) -> Q:
    """IncidentFilter.q() without the themes, on summary rows (same harm and place lookups)."""
    q = Q()
    if filters.event_types:
        q &= Q(event_type__in=filters.event_types)
    if filters.harm:
        q &= HARM_FILTERS[filters.harm]
    for name, lookup in PLACE_LOOKUPS:
        if getattr(filters, name):
            q &= Q(**{f"{lookup}__in": getattr(filters, name)})
    if filters.never_event is not None:
        q &= Q(never_event=filters.never_event)
    if not filters.include_duplicates:
        q &= Q(duplicate=False)
    return q


def _theme_ids(themes: tuple) -> set[int]:
    slugs = [t for t in themes if isinstance(t, str)]
    ids = [t for t in themes if not isinstance(t, str)]
    return set(Theme.objects.filter(Q(slug__in=slugs) | Q(pk__in=ids)).values_list("pk", flat=True))


def _theme_rows(key: str | None, filters: IncidentFilter) -> Q:
    """Which rows to add up: one row per theme (by theme), one theme's rows, or the rows counting incidents."""
    if key == "theme":
        if filters.themes:
            raise SummaryUnavailable("a theme filter while counting by theme needs each incident's other themes")
        return Q(theme__isnull=False)
    if not filters.themes:
        return Q(theme__isnull=True)
    ids = _theme_ids(filters.themes)
    if len(ids) > 1:
        raise SummaryUnavailable("an incident with several of these themes must count once")
    return Q(theme_id__in=ids)


def _check_numerator_themes(numerator: IncidentFilter, key: str | None, theme_rows: Q) -> None:
    if not numerator.themes:
        return
    # Rows of one theme T satisfy "has any of the numerator's themes" when T is among them; nothing else is known.
    row_theme = dict(theme_rows.children).get("theme_id__in") if key != "theme" else None
    if not row_theme or not set(row_theme) <= _theme_ids(numerator.themes):
        raise SummaryUnavailable("the numerator's themes are not known for these rows")
