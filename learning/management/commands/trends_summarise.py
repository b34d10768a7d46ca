"""`manage.py trends_summarise`: bring the monthly incident summary behind the trend charts up to date."""
from __future__ import annotations

import argparse
import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from learning import summary


def _month(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a month in the form YYYY-MM (e.g. 2024-04).") from None


class Command(BaseCommand):
    help = (
        "Rebuild the months of the trends summary marked stale (what the background task does), or with --full "
        "every month from the incident tables, one month per transaction; measures read live meanwhile. "
        "--check compares the summary with the incident tables and changes nothing. Safe to run at any time."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--full", action="store_true", help="Rebuild every month, e.g. after a bulk load.")
        mode.add_argument("--check", action="store_true",
                          help="List months whose summary differs from the incident tables; exit 1 if any.")
        parser.add_argument("--since", type=_month, default=None, metavar="YYYY-MM",
                            help="With --full: also summarise the months from this one to the first incident, so "
                                 "charts starting earlier are read from the summary too.")

    def handle(self, *args, full, check, since, **options):
        started = time.perf_counter()
        if check:
            drifted = summary.drifted_months()
            stale = summary.stale_months()
            self.stdout.write(f"{len(stale)} month(s) waiting to be rebuilt (read live meanwhile).")
            if drifted:
                raise CommandError(
                    f"The summary differs from the incident tables for {', '.join(m.strftime('%Y-%m') for m in drifted)}"
                    " (a write bypassed the model signals): run `manage.py trends_summarise --full`."
                )
            self.stdout.write("The summary matches the incident tables.")
            return

        def progress(month, rows):
            if options["verbosity"] > 1:
                self.stdout.write(f"  {month:%Y-%m}: {rows} rows")

        if since and not full:
            raise CommandError("--since goes with --full.")
        result = summary.rebuild_all(since=since, progress=progress) if full else summary.refresh_stale(progress=progress)
        self.stdout.write(f"Rebuilt {len(result.months)} month(s), {result.rows:,} rows, in "
                          f"{time.perf_counter() - started:.1f} s.")
        if result.failed:
            raise CommandError(f"Could not rebuild {', '.join(m.strftime('%Y-%m') for m in result.failed)}; they are "
                               "read live until a later run succeeds (the log has the error).")
