"""`manage.py themes_backfill`: classify incidents that have no suggestions yet and retry failed ones."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from learning import services
from learning.classifier.model import ModelNotTrained


class Command(BaseCommand):
    help = (
        "Classify every incident without a classification, and retry those whose classification failed "
        "(up to LEARNING['MAX_ATTEMPTS'] attempts). Safe to run at any time, e.g. from cron or after training."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Classify at most this many incidents.")
        parser.add_argument("--reclassify", action="store_true", help="Also redo incidents classified by another model version.")
        parser.add_argument("--max-attempts", type=int, default=None, help="Retry failures with fewer attempts than this.")

    def handle(self, *args, limit, reclassify, max_attempts, **options):
        try:
            result = services.classify_pending(limit=limit, reclassify_older=reclassify, max_attempts=max_attempts)
        except ModelNotTrained as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Classified {result.classified}, failed {result.failed}, still waiting {result.remaining}.")
        if result.failed:
            raise CommandError(f"{result.failed} incident(s) could not be classified; see Classification.last_error in the admin.")
