"""E-mail owners of saved searches about newly reported incidents that match (run from cron)."""
from django.core.management.base import BaseCommand, CommandError

from search.saved import notify_saved_searches


class Command(BaseCommand):
    help = "E-mail saved-search owners about new matching incidents. Failures are retried on the next run."

    def handle(self, *args, **options):
        report = notify_saved_searches()
        self.stdout.write(f"Sent {report.sent}; nothing new for {report.nothing_new}; failed {report.failed}.")
        for error in report.errors:
            self.stderr.write(f"  {error}")
        if report.failed:
            raise CommandError(f"{report.failed} saved search(es) not notified; they will be retried on the next run.")
