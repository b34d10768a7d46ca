"""Trends against quality goals: each goal's series and SPC judgement, theme trends, bed-days upload.

The arithmetic lives in learning.measures (series) and learning.spc (the Making Data Count rules); this
module turns goals and uploads into calls to them.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.db import transaction
from django.utils import timezone

from incidents.models import Location

from . import measures, spc
from .charts import assurance_icon, spc_svg, variation_icon
from .models import Theme
from .trend_models import OccupiedBedDays, QualityGoal

DEFAULT_MONTHS = 36


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def last_complete_month(today: dt.date | None = None) -> dt.date:
    return add_months(month_start(today or timezone.localdate()), -1)


def month_end(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


@dataclass
class GoalResult:
    goal: QualityGoal
    result: spc.SPCResult | None
    error: str | None
    latest_value: float | None = None
    signals: list[dict] = field(default_factory=list)

    @property
    def variation(self):
        return variation_icon(self.result.variation) if self.result else None

    @property
    def assurance(self):
        return assurance_icon(self.result.assurance) if self.result else None

    def svg(self) -> str:
        if not self.result:
            return ""
        return spc_svg(self.result, title=self.goal.name, unit=unit_for(self.goal), link_for=lambda p: drill_down_url(self.goal, p.label))


def unit_for(goal: QualityGoal) -> str:
    return {"count": "incidents", "rate": "per 1,000 bed days", "proportion": "share"}[goal.measure]


def goal_filter(goal: QualityGoal, *, harm: str | None = None) -> measures.IncidentFilter:
    return measures.IncidentFilter(
        themes=[t.slug for t in goal.themes.all()],
        harm=(harm if harm is not None else goal.harm) or None,
        sites=list(goal.sites.all()),
        directorates=list(goal.directorates.all()),
        locations=list(goal.locations.all()),
    )


def bed_days_map(*, start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], float]:
    rows = OccupiedBedDays.objects.filter(month__gte=month_start(start), month__lte=end).values_list("location_id", "month", "bed_days")
    return {(loc, month): float(beds) for loc, month, beds in rows}


def goal_series(goal: QualityGoal, *, end: dt.date | None = None):
    end = month_end(end or last_complete_month())
    start = month_start(goal.series_start)
    if goal.measure == QualityGoal.Measure.RATE:
        return measures.rate_per_1000_bed_days(bed_days=bed_days_map(start=start, end=end), start=start, end=end, filters=goal_filter(goal))
    if goal.measure == QualityGoal.Measure.PROPORTION:
        return measures.proportion_series(
            numerator=goal_filter(goal, harm=goal.numerator_harm), start=start, end=end, interval="month",
            filters=goal_filter(goal, harm=""),
        )
    return measures.count_series(start=start, end=end, interval="month", filters=goal_filter(goal))


def goal_result(goal: QualityGoal, *, end: dt.date | None = None) -> GoalResult:
    """The goal's chart and icons; a goal whose data cannot be charted says why instead of failing."""
    try:
        series = goal_series(goal, end=end)
        recalculate_at = _recalculation_indices(goal, series)
        result = series.spc(
            better=goal.better,
            target=float(goal.target) if goal.target is not None else None,
            recalculate_at=recalculate_at,
        )
    except (spc.SPCError, ValueError) as exc:
        return GoalResult(goal=goal, result=None, error=str(exc))
    signals = [
        {"label": p.label, "value": p.value, "rules": p.rules, "meaning": p.meaning, "url": drill_down_url(goal, p.label)}
        for p in result.points
        if p.special_cause
    ]
    return GoalResult(goal=goal, result=result, error=None, latest_value=result.points[-1].value if result.points else None, signals=signals)


def _recalculation_indices(goal: QualityGoal, series) -> list[int]:
    labels = [p.isoformat() for p in (series.periods if hasattr(series, "periods") else [pt.period for pt in series.points])]
    indices = []
    for recalculation in goal.recalculations.all():
        key = month_start(recalculation.starts_on).isoformat()
        if key in labels and labels.index(key) > 0:
            indices.append(labels.index(key))
    return sorted(indices)


def drill_down_url(goal: QualityGoal, label: str | None) -> str:
    """The search page for the incidents behind one month of a goal's chart."""
    if not label:
        return ""
    month = dt.date.fromisoformat(label)
    terms = [f"theme:{t.slug}" for t in goal.themes.all()[:1]]
    harm = {"moderate_and_above": "harm:moderate", "physical_moderate_and_above": "harm:moderate", "severe_and_above": "harm:severe", "fatal": "harm:fatal"}
    if goal.harm in harm:
        terms.append(harm[goal.harm])
    terms += [f"after:{month.isoformat()}", f"before:{month_end(month).isoformat()}"]
    return "/search/?" + urlencode({"q": " ".join(terms), "sort": "date"})


@dataclass
class ThemeTrend:
    theme: Theme
    counts: list[int]
    periods: list[dt.date]
    result: spc.SPCResult | None

    @property
    def variation(self):
        return variation_icon(self.result.variation) if self.result else None

    @property
    def total(self) -> int:
        return sum(self.counts)

    def svg(self) -> str:
        return spc_svg(self.result, title=f"{self.theme.name}: incidents per month") if self.result else ""


def theme_trends(*, months: int = 24, end: dt.date | None = None, filters: measures.IncidentFilter | None = None) -> list[ThemeTrend]:
    """Monthly confirmed-theme counts for every active theme, each judged by SPC (lower is better)."""
    last = last_complete_month(end)
    start = add_months(last, -(months - 1))
    themes = list(Theme.objects.filter(active=True))
    series = measures.counts_by("theme", start=start, end=month_end(last), interval="month", filters=filters, keys=[t.slug for t in themes])
    trends = []
    for theme in themes:
        s = series.get(theme.slug)
        if s is None:
            continue
        try:
            result = s.spc(better="down")
        except spc.SPCError:
            result = None
        trends.append(ThemeTrend(theme=theme, counts=s.counts, periods=s.periods, result=result))
    return sorted(trends, key=lambda t: -t.total)


# --------------------------------------------------------------------------------------------- bed days


@dataclass
class BedDaysUpload:
    rows: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


REQUIRED_COLUMNS = ("location", "month", "bed_days")
MAX_ERRORS = 50


def import_bed_days(*, file_text: str) -> BedDaysUpload:
    """Load a CSV of `location,month,bed_days` (location by name or id; month as YYYY-MM).

    Every row is checked first; if any is wrong nothing is saved and every problem is listed with its line.
    A figure for a ward and month already loaded is replaced.
    """
    report = BedDaysUpload()
    reader = csv.DictReader(io.StringIO(file_text.lstrip("\ufeff")))
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        report.errors.append(f"The first line must name the columns location, month, bed_days; missing: {', '.join(missing)}.")
        return report
    by_name = {loc.name.lower(): loc for loc in Location.objects.all()}
    by_id = {str(loc.pk): loc for loc in by_name.values()}
    parsed: dict[tuple[int, dt.date], Decimal] = {}
    for line, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        location = by_id.get(row["location"]) or by_name.get(row["location"].lower())
        if location is None:
            report.errors.append(f"Line {line}: no location called {row['location']!r}.")
        try:
            month = dt.datetime.strptime(row["month"], "%Y-%m").date()
        except ValueError:
            report.errors.append(f"Line {line}: month {row['month']!r} is not in the form YYYY-MM (e.g. 2026-04).")
            month = None
        try:
            beds = Decimal(row["bed_days"])
            if beds < 0 or beds > 100000 or not beds.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            report.errors.append(f"Line {line}: bed days {row['bed_days']!r} must be a number from 0 to 100,000.")
            beds = None
        if location and month and beds is not None:
            key = (location.pk, month)
            if key in parsed:
                report.errors.append(f"Line {line}: {location.name} {row['month']} appears twice in the file.")
            parsed[key] = beds
        if len(report.errors) >= MAX_ERRORS:
            report.errors.append(f"Stopped after {MAX_ERRORS} problems; fix these and upload again.")
            break
    if report.errors:
        return report
    if not parsed:
        report.errors.append("The file has no rows of data.")
        return report
    with transaction.atomic():
        for (location_id, month), beds in parsed.items():
            OccupiedBedDays.objects.update_or_create(location_id=location_id, month=month, defaults={"bed_days": beds, "loaded_at": timezone.now()})
    report.rows = len(parsed)
    return report
