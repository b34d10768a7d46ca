"""Rebuild the search index from the database, streamed in chunks."""
import time

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.backends import get_search_backend
from search.backends.base import SearchBackendError


class Command(BaseCommand):
    help = "Rebuild the search index from the database (Elasticsearch: new index, then atomic alias swap)."

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=1000, help="Incidents per chunk (memory is bounded by this)")
        parser.add_argument("--backend", default="default", help="Alias in SEARCH_BACKENDS")

    def handle(self, *args, chunk_size, backend, **options):
        search_backend = get_search_backend(backend)
        started = time.monotonic()
        self.stdout.write(f"Rebuilding {search_backend.label} index in chunks of {chunk_size}...")

        def progress(n, chunk):
            if n % 50 == 0:
                self.stdout.write(f"  {n * chunk_size} incidents, {time.monotonic() - started:.0f}s")

        try:
            report = indexing.rebuild(chunk_size=chunk_size, backend=search_backend, progress=progress)
        except SearchBackendError as exc:
            raise CommandError(f"Rebuild failed; the previous index is still in use. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Indexed {report.indexed} incidents in {report.chunks} chunks into {report.target}; "
            f"removed {report.removed} stale entries; {time.monotonic() - started:.1f}s."
        ))
