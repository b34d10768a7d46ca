"""Report (and optionally repair) differences between the database and the search index."""
from django.core.management.base import BaseCommand, CommandError

from search import indexing


class Command(BaseCommand):
    help = "Compare the database with the search index: missing, extra and stale entries."

    def add_arguments(self, parser):
        parser.add_argument("--deep", action="store_true", help="Also compare content fingerprints (slower)")
        parser.add_argument("--repair", action="store_true", help="Queue every drifted incident and index it now")
        parser.add_argument("--fail-on-drift", action="store_true", help="Exit non-zero if anything drifted (for monitoring)")

    def handle(self, *args, deep, repair, fail_on_drift, **options):
        report = indexing.drift(deep=deep)
        self.stdout.write(
            f"Checked {report.checked} incidents: {len(report.missing)} missing, {len(report.extra)} extra, "
            f"{len(report.stale)} stale."
        )
        for name in ("missing", "extra", "stale"):
            ids = getattr(report, name)
            if ids:
                self.stdout.write(f"  {name}: incident ids {', '.join(map(str, ids[:10]))}{' ...' if len(ids) > 10 else ''}")
        if repair and report.drifted:
            indexing.repair(report)
            result = indexing.process()
            self.stdout.write(f"Repaired: indexed {result.indexed}, removed {result.removed}, failed {result.failed}.")
        elif fail_on_drift and report.drifted:
            raise CommandError("The search index has drifted from the database: run with --repair.")
