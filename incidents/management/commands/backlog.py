import datetime as dt

from django.core.management.base import BaseCommand

from incidents import extensions


class Command(BaseCommand):
    help = "List work that fans out from saved records (mail, classification, indexing) and is stuck; --retry tries it again."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=15, help="Count items waiting longer than this (default 15).")
        parser.add_argument("--retry", action="store_true", help="Try stuck items again.")
        parser.add_argument("--limit", type=int, default=500, help="Most items to retry per kind (default 500).")

    def handle(self, *args, minutes, retry, limit, **options):
        older_than = dt.timedelta(minutes=minutes)
        total = 0
        for backlog in extensions.backlogs:
            if retry:
                done = backlog.retry(limit)
                self.stdout.write(f"{backlog.name}: retried, {done} done")
            count, examples = backlog.pending(dt.timedelta(0) if retry else older_than)
            total += count
            suffix = f" (e.g. {', '.join(examples)})" if examples else ""
            self.stdout.write(f"{backlog.name}: {count} waiting{suffix}")
        if total == 0:
            self.stdout.write(self.style.SUCCESS("Nothing is stuck."))
