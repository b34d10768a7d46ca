"""Incident measures for trend charts: counts per week or month, rates per 1,000 occupied bed days and
proportions, with every period in range present (zero-filled).

Periods are calendar weeks (Monday to Sunday) or months in the trust's time zone (settings.TIME_ZONE,
Europe/London), by when the incident happened (`occurred_at`). Each measure is one aggregate query (GROUP BY
period + COUNT); the rate also looks up which locations are in scope. Rows are put into periods in SQL by a
balanced CASE over the periods' first instants, worked out in Python with zoneinfo: exact across clock changes,
about log2(periods) comparisons a row, and no per-row time-zone conversion (on SQLite, TruncMonth with a time
zone calls back into Python for every row; bench/trends_bench.py measured it three times slower). The same
code runs on SQLite and PostgreSQL. Series feed `learning.spc` through their `spc()` method.

Monthly measures are answered from the monthly incident summary when it can answer them exactly and is up to
date for the window (learning.summary_reads says when it cannot), and live from the incident tables otherwise.
`source="live"` or `source="summary"` forces one (the latter raises SummaryUnavailable when it cannot).
"""
from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from incidents.models import CANDOUR_PHYSICAL, CANDOUR_PSYCHOLOGICAL, EventType, Incident, Location

from . import spc
from .models import ConfirmedTheme

# Good care reports are not safety events; count them only when asked for by name.
SAFETY_EVENT_TYPES = (EventType.INCIDENT.value, EventType.NEAR_MISS.value, EventType.RISK.value)

HARM_FILTERS: dict[str, Q] = {
    # Moderate or worse, physical or psychological: the Duty of Candour threshold.
    "moderate_and_above": Q(physical_harm__in=CANDOUR_PHYSICAL) | Q(psychological_harm__in=CANDOUR_PSYCHOLOGICAL),
    "physical_moderate_and_above": Q(physical_harm__in=CANDOUR_PHYSICAL),
    "psychological_moderate_and_above": Q(psychological_harm__in=CANDOUR_PSYCHOLOGICAL),
    "severe_and_above": Q(physical_harm__in=["severe", "fatal"]) | Q(psychological_harm="severe"),
    "fatal": Q(physical_harm="fatal"),
}
INTERVALS = ("week", "month")
SOURCES = ("auto", "live", "summary")
PLACE_LOOKUPS = (("locations", "location_id"), ("directorates", "location__directorate_id"),
                 ("sites", "location__directorate__site_id"))
GROUP_FIELDS = {
    "location": "location_id",
    "directorate": "location__directorate_id",
    "site": "location__directorate__site_id",
    "specialty": "specialty_id",
    "event_type": "event_type",
    "theme": "theme__slug",  # counted through ConfirmedTheme
}


def trust_timezone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _ids(values: Any) -> tuple:
    if values is None:
        return ()
    if isinstance(values, (str, int)) or hasattr(values, "pk"):
        values = [values]
    return tuple(getattr(v, "pk", v) for v in values)


@dataclass(frozen=True)
class IncidentFilter:
    """Which incidents a measure counts. Every field narrows; empty means no restriction.

    themes: Theme slugs or ids (any of them confirmed); harm: a key of HARM_FILTERS; locations, directorates,
    sites, specialties: ids or instances; event_types: defaults to the safety events (not good care);
    never_event: True/False; include_duplicates: count reports linked as duplicates of another (default no).
    """

    themes: Any = ()
    harm: str | None = None
    locations: Any = ()
    directorates: Any = ()
    sites: Any = ()
    specialties: Any = ()
    event_types: Any = SAFETY_EVENT_TYPES
    never_event: bool | None = None
    include_duplicates: bool = False

    def __post_init__(self):
        for name in ("themes", "locations", "directorates", "sites", "specialties"):
            object.__setattr__(self, name, _ids(getattr(self, name)))
        types = (self.event_types,) if isinstance(self.event_types, str) else tuple(self.event_types or ())
        unknown = set(types) - set(EventType.values)
        if unknown:
            raise ValueError(f"Unknown event type(s) {sorted(unknown)}; choose from {EventType.values}.")
        object.__setattr__(self, "event_types", types)
        if self.harm is not None and self.harm not in HARM_FILTERS:
            raise ValueError(f"Unknown harm filter {self.harm!r}; choose from {sorted(HARM_FILTERS)}.")

    def q(self, prefix: str = "") -> Q:
        """The filter as a Q on Incident, or on a model reaching Incident through `prefix` (e.g. "incident__")."""
        q = Q()
        if self.event_types:
            q &= Q(**{f"{prefix}event_type__in": self.event_types})
        if self.harm:
            q &= _prefixed(HARM_FILTERS[self.harm], prefix)
        for name, lookup in (*PLACE_LOOKUPS, ("specialties", "specialty_id")):
            if getattr(self, name):
                q &= Q(**{f"{prefix}{lookup}__in": getattr(self, name)})
        if self.never_event is not None:
            q &= Q(**{f"{prefix}never_event": self.never_event})
        if not self.include_duplicates:
            q &= Q(**{f"{prefix}duplicate_of__isnull": True})
        if self.themes:
            # EXISTS rather than a join, so an incident with two matching themes is still counted once.
            slugs = [t for t in self.themes if isinstance(t, str)]
            ids = [t for t in self.themes if not isinstance(t, str)]
            outer = f"{prefix[:-2]}_id" if prefix else "pk"  # "incident__" -> "incident_id": no extra join
            confirmed = ConfirmedTheme.objects.filter(
                Q(theme__slug__in=slugs) | Q(theme_id__in=ids), incident_id=OuterRef(outer)
            )
            q &= Q(Exists(confirmed))
        return q

    def location_q(self) -> Q:
        """The location part of the filter, as a Q on Location."""
        q = Q()
        if self.locations:
            q &= Q(pk__in=self.locations)
        if self.directorates:
            q &= Q(directorate_id__in=self.directorates)
        if self.sites:
            q &= Q(directorate__site_id__in=self.sites)
        return q


def _prefixed(q: Q, prefix: str) -> Q:
    if not prefix:
        return q
    out = Q(_connector=q.connector, _negated=q.negated)
    out.children = [_prefixed(c, prefix) if isinstance(c, Q) else (f"{prefix}{c[0]}", c[1]) for c in q.children]
    return out


# ---------------------------------------------------------------------------------------------- periods


def period_starts(interval: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every week (Monday) or month from the one holding `start` to the one holding `end`."""
    if interval not in INTERVALS:
        raise ValueError(f'interval must be "week" or "month", not {interval!r}.')
    if end < start:
        raise ValueError("end must not be before start.")
    current, out = _period_start(interval, start), []
    while current <= end:
        out.append(current)
        current = _next_period(interval, current)
    return out


def _period_start(interval: str, day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday()) if interval == "week" else day.replace(day=1)


def _next_period(interval: str, first: dt.date) -> dt.date:
    if interval == "week":
        return first + dt.timedelta(days=7)
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=trust_timezone())


def _window(interval: str, start: dt.date, end: dt.date) -> tuple[list[dt.date], list[dt.datetime]]:
    """The periods, and their first instants plus the end of the last one (aware, trust time zone)."""
    periods = period_starts(interval, start, end)
    edges = [_local_midnight(p) for p in periods] + [_local_midnight(_next_period(interval, periods[-1]))]
    return periods, edges


def _in_window(field_name: str, edges: list[dt.datetime]) -> Q:
    return Q(**{f"{field_name}__gte": edges[0], f"{field_name}__lt": edges[-1]})


def _bucket(field_name: str, edges: list[dt.datetime], lo: int = 0, hi: int | None = None):
    """SQL for the index of the period holding `field_name` (rows already limited to the window): a CASE
    that halves the range of periods at each level, so a row needs about log2(periods) comparisons."""
    hi = len(edges) - 1 if hi is None else hi
    if hi - lo == 1:
        return Value(lo)
    mid = (lo + hi) // 2
    return Case(
        When(**{f"{field_name}__lt": edges[mid]}, then=_bucket(field_name, edges, lo, mid)),
        default=_bucket(field_name, edges, mid, hi),
        output_field=IntegerField(),
    )


def _incomplete(interval: str, periods: list[dt.date]) -> list[dt.date]:
    """Periods not yet over (the current week or month): a chart should not read them as a fall."""
    now = timezone.now()
    return [p for p in periods if _local_midnight(_next_period(interval, p)) > now]


# ---------------------------------------------------------------------------------------------- series


@dataclass
class CountSeries:
    """Incidents per period. `incomplete` lists periods that have not ended yet."""

    interval: str
    periods: list[dt.date]
    counts: list[int]
    incomplete: list[dt.date] = field(default_factory=list)

    @property
    def values(self) -> list[int]:
        return self.counts

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "periods": [p.isoformat() for p in self.periods],
                "incomplete": [p.isoformat() for p in self.incomplete]}

    def spc(self, *, better: str | None = "down", complete_only: bool = True, **options: Any) -> spc.SPCResult:
        """Chart the counts (lower limit floored at 0). Periods not yet over are left out unless asked."""
        return _chart(self.periods, self.counts, self.incomplete if complete_only else [], better, options)


@dataclass
class ProportionPoint:
    period: dt.date
    numerator: int
    denominator: int
    proportion: float | None  # None when the denominator is 0


@dataclass
class ProportionSeries:
    interval: str
    points: list[ProportionPoint]
    incomplete: list[dt.date] = field(default_factory=list)

    @property
    def values(self) -> list[float | None]:
        return [p.proportion for p in self.points]

    def as_counts(self) -> CountSeries:
        """The denominators as a count series."""
        return CountSeries(self.interval, [p.period for p in self.points], [p.denominator for p in self.points],
                           self.incomplete)

    def to_dict(self) -> dict[str, Any]:
        return {"interval": self.interval, "incomplete": [p.isoformat() for p in self.incomplete],
                "points": [{**asdict(p), "period": p.period.isoformat()} for p in self.points]}

    def spc(self, *, better: str | None = "down", complete_only: bool = True, **options: Any) -> spc.SPCResult:
        """Chart the proportions (0 to 1) on an XmR chart; periods with no denominator cannot be charted."""
        options.setdefault("upper_bound", 1)
        return _chart([p.period for p in self.points], self.values, self.incomplete if complete_only else [],
                      better, options)


@dataclass
class RatePoint:
    period: dt.date
    incidents: int  # at locations with bed days this month
    bed_days: float
    rate: float | None  # per 1,000 occupied bed days; None when it cannot be worked out honestly
    missing_bed_days: list[int] = field(default_factory=list)  # location ids with no figure this month
    excluded_incidents: int = 0  # at in-scope locations that never have bed days (e.g. ED, community)


@dataclass
class RateSeries:
    points: list[RatePoint]
    incomplete: list[dt.date] = field(default_factory=list)

    @property
    def values(self) -> list[float | None]:
        return [p.rate for p in self.points]

    def to_dict(self) -> dict[str, Any]:
        return {"incomplete": [p.isoformat() for p in self.incomplete],
                "points": [{**asdict(p), "period": p.period.isoformat()} for p in self.points]}

    def spc(self, *, better: str | None = "down", complete_only: bool = True, **options: Any) -> spc.SPCResult:
        """Chart the rates; months without a rate (missing bed days) raise SPCError naming them."""
        return _chart([p.period for p in self.points], self.values, self.incomplete if complete_only else [],
                      better, options)


def _chart(periods, values, skip, better, options) -> spc.SPCResult:
    keep = [(p, v) for p, v in zip(periods, values) if p not in skip]
    gaps = [p.isoformat() for p, v in keep if v is None]
    if gaps:
        raise spc.SPCError(f"No value for {', '.join(gaps)}: supply the missing denominators or chart a range "
                           "without them (Making Data Count charts need an unbroken series).")
    options.setdefault("lower_bound", 0)
    return spc.analyse([v for _, v in keep], better=better, labels=[p.isoformat() for p, _ in keep], **options)


# ---------------------------------------------------------------------------------------------- measures


def _cells(key: str | None, *, filters: IncidentFilter, numerator: IncidentFilter | None, interval: str,
           periods: list[dt.date], edges: list[dt.datetime], source: str) -> dict[tuple[Any, int], tuple[int, int]]:
    """{(value of `key` or None, period index): (incidents matching `numerator` too, incidents)}: from the
    monthly summary where it can answer exactly, else live."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}.")
    if source != "live":
        from . import summary_reads

        try:
            return summary_reads.cells(key=key, filters=filters, numerator=numerator, periods=periods,
                                       interval=interval)
        except summary_reads.SummaryUnavailable:
            if source == "summary":
                raise
    return _live_cells(key, filters=filters, numerator=numerator, edges=edges)


def _live_cells(key, *, filters, numerator, edges) -> dict[tuple[Any, int], tuple[int, int]]:
    """One aggregate query over the incident tables (over confirmed themes when counting by theme)."""
    if key == "theme":
        base = ConfirmedTheme.objects.filter(filters.q("incident__"), _in_window("incident__occurred_at", edges))
        bucket, prefix = _bucket("incident__occurred_at", edges), "incident__"
    else:
        base = Incident.objects.filter(filters.q(), _in_window("occurred_at", edges))
        bucket, prefix = _bucket("occurred_at", edges), ""
    counts = {"n": Count("pk")}
    if numerator is not None:
        counts["num"] = Count("pk", filter=numerator.q(prefix))
    group = {"k": F(GROUP_FIELDS[key])} if key else {}
    rows = base.annotate(period=bucket, **group).values("period", *group).annotate(**counts).order_by()
    return {(r.get("k"), r["period"]): (r.get("num", 0), r["n"]) for r in rows}


def count_series(*, start: dt.date, end: dt.date, interval: str = "month",
                 filters: IncidentFilter | None = None, source: str = "auto") -> CountSeries:
    """Incidents matching `filters` per period from `start` to `end` (whole periods), zeros included."""
    filters = filters or IncidentFilter()
    periods, edges = _window(interval, start, end)
    found = _cells(None, filters=filters, numerator=None, interval=interval, periods=periods, edges=edges,
                   source=source)
    return CountSeries(interval, periods, [found.get((None, i), (0, 0))[1] for i in range(len(periods))],
                       _incomplete(interval, periods))


def counts_by(key: str, *, start: dt.date, end: dt.date, interval: str = "month",
              filters: IncidentFilter | None = None, keys: Iterable[Any] = (),
              source: str = "auto") -> dict[Any, CountSeries]:
    """One query, one series per value of `key` (location, directorate, site, specialty, event_type or
    theme slug). Values in `keys` come first and are included even with no incidents; others follow when they
    have any. By theme, an incident with two confirmed themes counts once under each."""
    grouped = _grouped(key, start=start, end=end, interval=interval, filters=filters, keys=keys, numerator=None,
                       source=source)
    return {k: s.as_counts() for k, s in grouped.items()}


def proportions_by(key: str, *, numerator: IncidentFilter, start: dt.date, end: dt.date, interval: str = "month",
                   filters: IncidentFilter | None = None, keys: Iterable[Any] = (),
                   source: str = "auto") -> dict[Any, ProportionSeries]:
    """As `counts_by`, with the count matching `numerator` as well, from the same single query: e.g. every
    location's incidents and its moderate-and-above harm. `total()` adds the series up."""
    return _grouped(key, start=start, end=end, interval=interval, filters=filters, keys=keys, numerator=numerator,
                    source=source)


def total(series: Iterable[ProportionSeries]) -> ProportionSeries:
    """The sum of series over the same periods, e.g. all locations. Only for keys that split incidents
    (location, directorate, site, specialty, event type): by theme an incident can count twice."""
    series = list(series)
    if not series:
        raise ValueError("Nothing to add up.")
    points = []
    for i, first in enumerate(series[0].points):
        num = sum(s.points[i].numerator for s in series)
        den = sum(s.points[i].denominator for s in series)
        points.append(ProportionPoint(first.period, num, den, num / den if den else None))
    return ProportionSeries(series[0].interval, points, series[0].incomplete)


def _grouped(key, *, start, end, interval, filters, keys, numerator, source) -> dict[Any, ProportionSeries]:
    if key not in GROUP_FIELDS:
        raise ValueError(f"key must be one of {sorted(GROUP_FIELDS)}, not {key!r}.")
    filters = filters or IncidentFilter()
    periods, edges = _window(interval, start, end)
    found: dict[Any, dict[int, tuple[int, int]]] = defaultdict(dict)
    cells = _cells(key, filters=filters, numerator=numerator, interval=interval, periods=periods, edges=edges,
                   source=source)
    for (k, period), cell in cells.items():
        found[k][period] = cell
    keys = list(keys)
    extra = sorted((k for k in found if k not in set(keys)), key=lambda v: (v is None, str(v)))
    incomplete = _incomplete(interval, periods)
    out = {}
    for k in [*keys, *extra]:
        cells_k = [found.get(k, {}).get(i, (0, 0)) for i in range(len(periods))]
        points = [ProportionPoint(p, num, den, num / den if den else None) for p, (num, den) in zip(periods, cells_k)]
        out[k] = ProportionSeries(interval, points, incomplete)
    return out


def proportion_series(*, numerator: IncidentFilter, start: dt.date, end: dt.date, interval: str = "month",
                      filters: IncidentFilter | None = None, source: str = "auto") -> ProportionSeries:
    """Per period: incidents matching `filters` (denominator) and, of those, matching `numerator` too.

    E.g. the share of moderate-and-above harm: numerator=IncidentFilter(harm="moderate_and_above").
    One query (conditional Count)."""
    filters = filters or IncidentFilter()
    periods, edges = _window(interval, start, end)
    found = _cells(None, filters=filters, numerator=numerator, interval=interval, periods=periods, edges=edges,
                   source=source)
    points = []
    for i, p in enumerate(periods):
        num, den = found.get((None, i), (0, 0))
        points.append(ProportionPoint(p, num, den, num / den if den else None))
    return ProportionSeries(interval, points, _incomplete(interval, periods))


def rate_per_1000_bed_days(*, bed_days: Mapping[tuple[int, dt.date], float], start: dt.date, end: dt.date,
                           filters: IncidentFilter | None = None, source: str = "auto") -> RateSeries:
    """Monthly incidents per 1,000 occupied bed days, from `bed_days` = {(location_id, month): bed days}
    (any day of the month identifies it).

    Locations in scope with a bed-days figure for any month in range make up the denominator. A month where
    one of them has no figure gets rate None and lists it in `missing_bed_days` (nothing is guessed); pass 0
    for a ward that was closed. Incidents at in-scope locations that never have bed days (the emergency
    department, community teams) are left out of the numerator and counted in `excluded_incidents`."""
    filters = filters or IncidentFilter()
    periods, edges = _window("month", start, end)
    figures: dict[tuple[int, dt.date], float] = {}
    for (location_id, month), value in bed_days.items():
        if value is None or value < 0:
            raise ValueError(f"Bed days for location {location_id} in {month:%B %Y} must be 0 or more, not {value!r}.")
        figures[(getattr(location_id, "pk", location_id), dt.date(month.year, month.month, 1))] = float(value)
    in_scope = set(Location.objects.filter(filters.location_q()).values_list("pk", flat=True))
    period_set = set(periods)
    with_beds = {loc for loc, month in figures if loc in in_scope and month in period_set}
    cells = _cells("location", filters=filters, numerator=None, interval="month", periods=periods, edges=edges,
                   source=source)
    counts = {(location_id, periods[i]): n for (location_id, i), (_, n) in cells.items()}
    points = []
    for p in periods:
        missing = sorted(loc for loc in with_beds if (loc, p) not in figures)
        incidents = sum(counts.get((loc, p), 0) for loc in with_beds)
        excluded = sum(n for (loc, month), n in counts.items() if month == p and loc not in with_beds)
        beds = sum(figures.get((loc, p), 0.0) for loc in with_beds)
        rate = None if missing or beds == 0 else 1000 * incidents / beds
        points.append(RatePoint(p, incidents, beds, rate, missing, excluded))
    return RateSeries(points, _incomplete("month", periods))
