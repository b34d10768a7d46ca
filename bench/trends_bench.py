"""Benchmark: the trends dashboard (15 themes x 36 months, every location) on SQLite and PostgreSQL.

    .venv/bin/python bench/trends_bench.py --backend sqlite --incidents 100000
    .venv/bin/python bench/trends_bench.py --backend postgres --incidents 1000000 --reuse

Data go to a separate database (SQLite: /tmp/vigil_trends_bench.sqlite3; PostgreSQL: vigil_trends_bench on
127.0.0.1), never the development one. Incidents and confirmed themes are inserted directly in bulk (COPY on
PostgreSQL, executemany on SQLite) with realistic shapes: winter peaks, slow growth, busy and quiet wards, a
skewed theme mix, mostly low harm, and a step change in one theme for the charts to find. The timed part is
what a dashboard page computes: the theme counts (one query) and an SPC chart per theme, the location counts
(one query) and a chart per location, the share of moderate-and-above harm and the total with their charts.

It is timed twice: live from the incident tables (`source="live"`), and from the monthly incident summary
(learning.summary), after timing a full rebuild of the summary (`trends_summarise --full`) and the rebuild of one
month (what the background task does after a change). Both must give the same series; the bench says if not.
Each table of figures is printed with the machine's load average, since the cores may be shared.
"""
from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import statistics
import sys
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = Path("/tmp/vigil_trends_bench.sqlite3")
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "vigil_trends_bench"
LONDON = zoneinfo.ZoneInfo("Europe/London")
MONTHS = 36
STEP_THEME, STEP_MONTHS, STEP_FACTOR = "devices_equipment", 8, 1.8  # a real shift for the charts to find


def configure(backend: str) -> None:
    sys.path.insert(0, str(ROOT))
    if backend == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    else:
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def reset_database(backend: str) -> None:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
        conn.execute(f"CREATE DATABASE {PG_NAME}")


def month_starts(last_complete: dt.date) -> list[dt.date]:
    out, y, m = [], last_complete.year, last_complete.month
    for _ in range(MONTHS):
        out.append(dt.date(y, m, 1))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def local_midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=LONDON).astimezone(dt.timezone.utc)


# ---------------------------------------------------------------------------------------------- data


def generate(n: int, seed: int, months: list[dt.date]) -> None:
    from django.db import connection, transaction

    from incidents.models import Incident, Specialty
    from learning import demo
    from learning.models import ConfirmedTheme, Theme

    rng = random.Random(seed)
    locations = list(demo.build_trust().values())
    specialties = list(Specialty.objects.values_list("pk", flat=True))
    themes = list(Theme.objects.order_by("pk").values_list("pk", "slug"))
    step_theme = next(pk for pk, slug in themes if slug == STEP_THEME)

    # Month weights: winter peak (+15% in January), 2% a year growth.
    month_w = [
        (1 + 0.15 * math.cos(2 * math.pi * (m.month - 1) / 12)) * (1.02 ** (i / 12)) for i, m in enumerate(months)
    ]
    bounds = [local_midnight_utc(m) for m in months] + [local_midnight_utc(next_month(months[-1]))]
    loc_w = [1 / (rank + 1) ** 0.8 for rank in range(len(locations))]  # a few busy places, a long tail
    rng.shuffle(loc_w)
    theme_w = [1 / (rank + 1) ** 0.7 for rank in range(len(themes))]  # falls, medication ... most common first
    harm_levels, harm_w = ["none", "low", "moderate", "severe", "fatal"], [70, 22, 6, 1.5, 0.5]
    types, types_w = ["incident", "near_miss", "risk", "good_care"], [75, 15, 5, 5]

    month_idx = rng.choices(range(len(months)), weights=month_w, k=n)
    loc_idx = rng.choices(range(len(locations)), weights=loc_w, k=n)
    harms = rng.choices(harm_levels, weights=harm_w, k=n)
    kinds = rng.choices(types, weights=types_w, k=n)
    step_j = next(j for j, (pk, _) in enumerate(themes) if pk == step_theme)
    step_extra = (STEP_FACTOR - 1) * theme_w[step_j] / sum(theme_w)  # raises that theme's share by the factor
    now = dt.datetime.now(dt.timezone.utc)
    fields = [f for f in Incident._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    defaults = {f.column: f.get_default() for f in fields}
    reported_at: list[dt.datetime] = []
    theme_rows: list[tuple[int, ...]] = []

    def incident_rows():
        for i in range(n):
            lo, hi = bounds[month_idx[i]], bounds[month_idx[i] + 1]
            occurred = lo + (hi - lo) * rng.random()
            reported = min(occurred + dt.timedelta(hours=rng.expovariate(1 / 30)), now)
            harm = harms[i]
            candour = harm in ("moderate", "severe", "fatal")
            row = {
                "reference": f"BENCH-{i:07d}", "event_type": kinds[i], "occurred_at": occurred,
                "reported_at": reported, "location_id": locations[loc_idx[i]].pk,
                "specialty_id": rng.choice(specialties) if rng.random() < 0.8 else None,
                "narrative": "Benchmark incident.", "affected": "patient", "physical_harm": harm,
                "psychological_harm": "moderate" if rng.random() < 0.02 else "none", "status": "closed",
                "candour_applies": candour,
                "candour_due": (reported + dt.timedelta(days=14)).date() if candour else None,
                "updated_at": reported,
            }
            k = rng.choices((0, 1, 2), weights=(15, 70, 15))[0]
            chosen = set(rng.choices(range(len(themes)), weights=theme_w, k=k))
            if month_idx[i] >= len(months) - STEP_MONTHS and rng.random() < step_extra:
                chosen.add(step_j)
            reported_at.append(reported)
            theme_rows.append(tuple(themes[j][0] for j in chosen))
            yield [row.get(c, defaults[c]) for c in columns]

    with transaction.atomic():
        insert(connection, Incident._meta.db_table, columns, incident_rows())
        first_id = Incident.objects.order_by("pk").values_list("pk", flat=True)[0]
        if Incident.objects.filter(pk__gte=first_id, pk__lt=first_id + n).count() != n:
            raise RuntimeError("Incident ids are not contiguous: run against a fresh database (omit --reuse).")
        ct_cols = ["incident_id", "theme_id", "confirmed_by_id", "confirmed_at"]
        insert(connection, ConfirmedTheme._meta.db_table, ct_cols,
               ([first_id + i, theme, None, reported_at[i]] for i, chosen in enumerate(theme_rows) for theme in chosen))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def insert(connection, table: str, columns: list[str], rows) -> None:
    col_sql = ", ".join(columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({col_sql}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    def sqlite_value(v):  # Django keeps datetimes in SQLite as naive UTC text
        if isinstance(v, dt.datetime):
            return v.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(" ")
        return v.isoformat() if isinstance(v, dt.date) else v

    marks = ", ".join(["%s"] * len(columns))
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append([sqlite_value(v) for v in row])
            if len(batch) == 20000:
                cursor.executemany(f"INSERT INTO {table} ({col_sql}) VALUES ({marks})", batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({col_sql}) VALUES ({marks})", batch)


# ---------------------------------------------------------------------------------------------- timing


def dashboard(start: dt.date, end: dt.date, theme_slugs: list[str], location_ids: list[int],
              source: str) -> dict[str, float]:
    """What the trends page computes, from `source`; seconds per step and the signals found."""
    from learning.measures import IncidentFilter, counts_by, proportions_by, total

    t = [time.perf_counter()]
    by_theme = counts_by("theme", start=start, end=end, keys=theme_slugs, source=source)
    t.append(time.perf_counter())
    theme_charts = {slug: s.spc(better="down") for slug, s in by_theme.items()}
    t.append(time.perf_counter())
    by_location = proportions_by("location", numerator=IncidentFilter(harm="moderate_and_above"), start=start,
                                 end=end, keys=location_ids, source=source)
    t.append(time.perf_counter())
    location_charts = {k: s.as_counts().spc(better="down") for k, s in by_location.items()}
    overall = total(by_location.values())
    overall.spc(better="down")
    overall.as_counts().spc(better="down")
    t.append(time.perf_counter())
    return {
        "theme counts (1 query)": t[1] - t[0], "theme SPC (15 charts)": t[2] - t[1],
        "location counts + harm (1 query)": t[3] - t[2],
        f"location, harm share, total SPC ({len(location_charts) + 2})": t[4] - t[3],
        "total": t[4] - t[0],
        "_signals": sum(c.points[-1].special_cause for c in theme_charts.values()),
        "_step_icon": theme_charts[STEP_THEME].variation,
        "_incidents": sum(overall.as_counts().counts),
        "_series": (by_theme, by_location),
    }


def build_summary() -> tuple[float, int]:
    """`trends_summarise --full`: every month rebuilt from the incident tables. Seconds and rows."""
    from learning import summary

    from django.db import connection

    from learning.trend_models import MonthlyIncidentSummary

    started = time.perf_counter()
    result = summary.rebuild_all()
    if result.failed:
        raise RuntimeError(f"Months failed to summarise: {result.failed}")
    took = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # Each bench run replaces every row; in service autovacuum clears the dead ones between month rebuilds.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {MonthlyIncidentSummary._meta.db_table}")
    return took, result.rows


def rebuild_one_month(month: dt.date, repeat: int) -> list[float]:
    """What the task does after an incident in `month` changes: mark it stale, rebuild it. Seconds per run."""
    from learning import summary

    times = []
    for _ in range(repeat):
        summary.mark_stale(months=[month])
        started = time.perf_counter()
        summary.refresh_stale()
        times.append(time.perf_counter() - started)
    return times


def load() -> str:
    return "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg())


def report(title: str, runs: list[dict[str, float]], repeat: int) -> None:
    cold, warm = runs[0], runs[1:]
    print(f"{title:<48}{'first run':>11}{'median':>9}{'best':>9}  (ms; {repeat} warm runs; {load()})")
    for key in cold:
        if not key.startswith("_"):
            values = [r[key] * 1000 for r in warm]
            print(f"  {key:<46}{cold[key] * 1000:>11.1f}{statistics.median(values):>9.1f}{min(values):>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="Time the existing bench database; do not rebuild.")
    parser.add_argument("--reuse-summary", action="store_true", help="With --reuse: do not time a full summary rebuild.")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()

    today = dt.date.today()
    last_complete = dt.date(today.year, today.month, 1) - dt.timedelta(days=1)
    months = month_starts(last_complete)
    if not args.reuse:
        reset_database(args.backend)
    configure(args.backend)
    from django.core.management import call_command
    from django.db import connection

    from incidents.models import Incident, Location
    from learning.models import ConfirmedTheme, Theme

    call_command("migrate", verbosity=0)
    if not args.reuse:
        started = time.perf_counter()
        generate(args.incidents, args.seed, months)
        print(f"Generated {args.incidents:,} incidents in {time.perf_counter() - started:.1f} s")
    print(f"{connection.vendor}: {Incident.objects.count():,} incidents, {ConfirmedTheme.objects.count():,} "
          f"confirmed themes, {Location.objects.count()} locations, months {months[0]:%Y-%m} to {months[-1]:%Y-%m}")

    slugs = list(Theme.objects.order_by("slug").values_list("slug", flat=True))
    location_ids = list(Location.objects.order_by("pk").values_list("pk", flat=True))
    runs = [dashboard(months[0], months[-1], slugs, location_ids, "live") for _ in range(args.repeat + 1)]
    report("Live dashboard", runs, args.repeat)
    cold = runs[0]
    print(f"  charted incidents {cold['_incidents']:,}; themes whose latest month is special cause: "
          f"{cold['_signals']}; {STEP_THEME} icon: {cold['_step_icon']}")

    if args.reuse_summary:
        print("Monthly summary: reused as it is")
    else:
        built, rows = build_summary()
        print(f"Monthly summary: built in {built:.1f} s, {rows:,} rows ({load()})")
    one_month = rebuild_one_month(months[-1], max(args.repeat, 1))
    print(f"  one month rebuilt after a change: median {statistics.median(one_month) * 1000:.0f} ms, best "
          f"{min(one_month) * 1000:.0f} ms ({len(one_month)} runs; {load()})")
    summary_runs = [dashboard(months[0], months[-1], slugs, location_ids, "summary") for _ in range(args.repeat + 1)]
    report("Dashboard from the monthly summary", summary_runs, args.repeat)
    same = summary_runs[0]["_series"] == cold["_series"]
    print(f"  same series as live: {'yes' if same else 'NO - the summary disagrees with the incident tables'}")


if __name__ == "__main__":
    main()
