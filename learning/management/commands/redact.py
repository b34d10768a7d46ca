"""`manage.py redact FILE.jsonl`: remove identifiers from narratives, one JSON line out per line in."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from learning.classifier.corpus import read_jsonl
from learning.redaction import redact


class Command(BaseCommand):
    help = (
        'Redact identifiers: reads {"id": ..., "text": ...} lines (optionally "known": [names or numbers of the '
        'record]) from a file or - for standard input, and writes {"id": ..., "text": ...} lines with NHS numbers, '
        "hospital numbers, dates of birth, phone numbers, e-mail addresses, postcodes, addresses and names replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSONL file, or - for standard input.")

    def handle(self, *args, file, **options):
        try:
            for row in read_jsonl(file):
                if not isinstance(row.get("text"), str):
                    raise CommandError(f'Line with id {row.get("id")!r} has no "text" string.')
                known = [k for k in row.get("known", []) if isinstance(k, str)]
                self.stdout.write(json.dumps({"id": row.get("id"), "text": redact(row["text"], known=known)}, ensure_ascii=False))
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
