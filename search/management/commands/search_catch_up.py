"""Index every change still waiting in the outbox (after a search outage, or from cron)."""
from django.core.management.base import BaseCommand, CommandError

from search import indexing


class Command(BaseCommand):
    help = "Index incidents whose search entry is out of date (retries after a search outage)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="At most this many incidents")

    def handle(self, *args, limit, **options):
        requeued = indexing.refresh_for_redaction()
        if requeued:
            self.stdout.write(f"The redaction rules have changed: {requeued} incidents queued to be indexed again.")
        waiting, _ = indexing.pending()
        report = indexing.process(limit=limit)
        left, examples = indexing.pending()
        self.stdout.write(
            f"{waiting} waiting; indexed {report.indexed}, removed {report.removed}, failed {report.failed}; {left} still waiting."
        )
        if report.failed:
            raise CommandError(
                f"The search backend failed ({report.errors[0]}). Nothing is lost: run this again when it is back."
                + (f" Waiting, e.g. {', '.join(examples)}." if examples else "")
            )
