"""Delete idempotency records older than the retention window."""
from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from api.models import IdempotencyRecord


class Command(BaseCommand):
    help = "Delete stored answers to idempotent POSTs older than --hours (default 24); run it daily."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="Keep records younger than this (default 24).")

    def handle(self, *args, hours: int, **options):
        cutoff = timezone.now() - dt.timedelta(hours=max(hours, 1))
        deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} idempotency record(s) older than {max(hours, 1)} hours.")
