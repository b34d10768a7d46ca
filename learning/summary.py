"""Keeping the monthly incident summary (learning.trend_models.MonthlyIncidentSummary) true to the incident tables.

The incident tables are the source of truth; the summary is a cache of their monthly counts that can always be
rebuilt from them. A change to an incident or its confirmed themes marks its month stale in the same transaction
(learning.receivers); after commit a task rebuilds the stale months (`refresh_stale`). Measures never read a
window that holds a stale month from the summary: they compute it live instead (learning.summary_reads). A month
is always rebuilt whole, from one aggregate query over its incidents and one over their confirmed themes.

`trends_summarise` rebuilds stale months, or with `--full` every month, one month per transaction; `--check`
compares the stored rows with a fresh count without writing.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Min, Q
from django.utils import timezone

from incidents.models import Incident

from .measures import _local_midnight, _next_period, trust_timezone
from .models import ConfirmedTheme
from .trend_models import MonthlyIncidentSummary, SummarisedMonth, SummaryStaleMonth

logger = logging.getLogger(__name__)

# The incident fields a summary row is keyed by (besides month and theme). A change to any other field cannot
# change a count, so saving only those (status, handler, candour dates ...) leaves the summary alone.
DIMENSIONS = ("location_id", "event_type", "physical_harm", "psychological_harm", "never_event", "duplicate")
COUNTED_FIELDS = frozenset({"occurred_at", "location", "location_id", "event_type", "physical_harm",
                            "psychological_harm", "never_event", "duplicate_of", "duplicate_of_id"})
BATCH = 500


def month_of(when: dt.datetime) -> dt.date:
    """The first day of the month (trust time zone) holding this instant."""
    return when.astimezone(trust_timezone()).date().replace(day=1)


# ---------------------------------------------------------------------------------------------- marking


def mark_stale(*, months: Iterable[dt.date]) -> None:
    """Note that these months' summaries may be out of date. Call inside the transaction making the change."""
    SummaryStaleMonth.objects.bulk_create([SummaryStaleMonth(month=m.replace(day=1)) for m in set(months)])


def mark_stale_safely(*, months: Iterable[dt.date]) -> bool:
    """As `mark_stale`, in a savepoint, never raising: an incident is saved whatever happens to the summary."""
    months = {m for m in months if m is not None}
    if not months:
        return True
    try:
        with transaction.atomic():
            mark_stale(months=months)
    except Exception:  # noqa: BLE001 - the summary must never stop a report or a triage decision being saved
        logger.exception("Could not mark %s stale in the trends summary; run `manage.py trends_summarise --full`",
                         ", ".join(sorted(m.isoformat() for m in months)))
        return False
    return True


def stale_months(*, start: dt.date | None = None, end: dt.date | None = None) -> list[dt.date]:
    marks = SummaryStaleMonth.objects.all()
    if start is not None:
        marks = marks.filter(month__gte=start)
    if end is not None:
        marks = marks.filter(month__lte=end)
    return sorted(set(marks.values_list("month", flat=True)))


# ---------------------------------------------------------------------------------------------- counting


def count_month(month: dt.date) -> Counter:
    """The summary rows a month should have, counted now from the incident tables:
    {(theme_id or None, *DIMENSIONS values): incidents}."""
    window = Q(occurred_at__gte=_local_midnight(month), occurred_at__lt=_local_midnight(_next_period("month", month)))
    duplicate = ExpressionWrapper(Q(duplicate_of__isnull=False), output_field=BooleanField())
    counts: Counter = Counter()
    incidents = (
        Incident.objects.filter(window).annotate(duplicate=duplicate)
        .values(*DIMENSIONS).annotate(n=Count("pk")).order_by()
    )
    for r in incidents:
        counts[_key(None, r)] += r["n"]
    themed = (
        ConfirmedTheme.objects.filter(_prefixed_window(window))
        .annotate(**{d: F(f"incident__{d}") for d in DIMENSIONS if d != "duplicate"},
                  duplicate=ExpressionWrapper(Q(incident__duplicate_of__isnull=False), output_field=BooleanField()))
        .values("theme_id", *DIMENSIONS).annotate(n=Count("pk")).order_by()
    )
    for r in themed:
        counts[_key(r["theme_id"], r)] += r["n"]
    return counts


def _prefixed_window(window: Q) -> Q:
    return Q(**{f"incident__{lookup}": value for lookup, value in window.children})


def _key(theme_id, row) -> tuple:
    # SQLite returns booleans as 0/1.
    return (theme_id, row["location_id"], row["event_type"], row["physical_harm"], row["psychological_harm"],
            bool(row["never_event"]), bool(row["duplicate"]))


def stored_month(month: dt.date) -> Counter:
    rows = MonthlyIncidentSummary.objects.filter(month=month).values_list(
        "theme_id", "location_id", "event_type", "physical_harm", "psychological_harm", "never_event", "duplicate",
        "incidents")
    return Counter({(t, loc, et, ph, ps, bool(ne), bool(dup)): n for t, loc, et, ph, ps, ne, dup, n in rows})


# ---------------------------------------------------------------------------------------------- rebuilding


@transaction.atomic
def rebuild_month(*, month: dt.date) -> int:
    """Recount one month from the incident tables and replace its summary rows; returns how many rows.

    Clears exactly the stale marks it could see before counting: a change committed meanwhile leaves its own mark,
    so its month is rebuilt again rather than left wrong."""
    month = month.replace(day=1)
    SummarisedMonth.objects.get_or_create(month=month)
    lock = SummarisedMonth.objects.select_for_update().get(month=month)
    seen = list(SummaryStaleMonth.objects.filter(month=month).values_list("pk", flat=True))
    counts = count_month(month)
    MonthlyIncidentSummary.objects.filter(month=month).delete()
    MonthlyIncidentSummary.objects.bulk_create(
        [MonthlyIncidentSummary(month=month, theme_id=theme_id, location_id=location_id, event_type=event_type,
                                physical_harm=physical, psychological_harm=psychological, never_event=never,
                                duplicate=duplicate, incidents=n)
         for (theme_id, location_id, event_type, physical, psychological, never, duplicate), n in counts.items()],
        batch_size=BATCH,
    )
    for i in range(0, len(seen), BATCH):
        SummaryStaleMonth.objects.filter(pk__in=seen[i:i + BATCH]).delete()
    lock.built_at, lock.rows = timezone.now(), len(counts)
    lock.save(update_fields=["built_at", "rows"])
    return len(counts)


@dataclass(frozen=True)
class RefreshResult:
    months: list[dt.date]
    rows: int
    failed: list[dt.date]


def refresh_stale(*, limit: int | None = None, progress: Callable[[dt.date, int], None] | None = None) -> RefreshResult:
    """Rebuild the stale months, latest first, one transaction each. A month that fails stays stale (and so is
    read live) and the others go on; the failure is logged."""
    months = sorted(stale_months(), reverse=True)[:limit]
    done, rows, failed = [], 0, []
    for month in months:
        try:
            n = rebuild_month(month=month)
        except Exception:  # noqa: BLE001 - one bad month must not hold back the rest
            logger.exception("Rebuilding the trends summary for %s failed; it stays stale and is read live", month)
            failed.append(month)
            continue
        done.append(month)
        rows += n
        if progress:
            progress(month, n)
    return RefreshResult(months=sorted(done), rows=rows, failed=sorted(failed))


def refresh_stale_safely() -> dict:
    """What the background task runs: never raises. Returns what was rebuilt, JSON-serialisable."""
    try:
        result = refresh_stale()
    except Exception as exc:  # noqa: BLE001 - e.g. the database is away; the marks wait for the next task
        logger.exception("Refreshing the trends summary failed; stale months are read live until it runs again")
        return {"months": [], "rows": 0, "failed": [], "error": f"{type(exc).__name__}: {exc}"}
    return {"months": [m.isoformat() for m in result.months], "rows": result.rows,
            "failed": [m.isoformat() for m in result.failed], "error": ""}


def all_months(*, since: dt.date | None = None) -> list[dt.date]:
    """Every month from the first incident (or `since`, if earlier) to the current month or the last incident,
    and any other month holding summary rows."""
    span = Incident.objects.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    months = set(MonthlyIncidentSummary.objects.values_list("month", flat=True).distinct())
    firsts = [m for m in (since and since.replace(day=1), span["first"] and month_of(span["first"])) if m]
    if firsts:
        month = min(firsts)
        last = max(month_of(timezone.now()), month_of(span["last"]) if span["last"] else month)
        while month <= last:
            months.add(month)
            month = _next_period("month", month)
    return sorted(months)


def rebuild_all(*, since: dt.date | None = None,
                progress: Callable[[dt.date, int], None] | None = None) -> RefreshResult:
    """Mark every month stale (from `since`, if earlier than the first incident), then rebuild them one by one:
    measures read live until each month is done, and never see a half-built month."""
    mark_stale(months=all_months(since=since))
    result = refresh_stale(progress=progress)
    with connection.cursor() as cursor:  # fresh planner statistics: the row count just changed wholesale
        cursor.execute(f"ANALYZE {MonthlyIncidentSummary._meta.db_table}")
    return result


def drifted_months(*, months: Iterable[dt.date] | None = None) -> list[dt.date]:
    """Months (not marked stale) whose stored rows differ from a fresh count, e.g. after a bulk load or an
    `update()` that bypassed the model signals. Reads only."""
    stale = set(stale_months())
    return [m for m in (all_months() if months is None else months)
            if m not in stale and stored_month(m) != count_month(m)]
