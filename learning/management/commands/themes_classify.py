"""`manage.py themes_classify FILE.jsonl`: suggest themes for narratives, one JSON line out per line in."""
from __future__ import annotations

import json
from itertools import islice

from django.core.management.base import BaseCommand, CommandError

from learning.classifier.corpus import read_jsonl
from learning.classifier.model import ModelNotTrained, get_model

BATCH = 256


class Command(BaseCommand):
    help = (
        'Classify narratives: reads {"id": ..., "text": ...} lines (a file, or - for standard input) and writes '
        '{"id": ..., "themes": {slug: score}, "assigned": [slugs]} lines, in the same order, with the model in use.'
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSONL file, or - for standard input.")

    def handle(self, *args, file, **options):
        try:
            model = get_model()
            rows = read_jsonl(file)
            while batch := list(islice(rows, BATCH)):
                for number, row in enumerate(batch):
                    if not isinstance(row.get("text"), str):
                        raise CommandError(f'Line with id {row.get("id")!r} has no "text" string.')
                for row, prediction in zip(batch, model.predict([r["text"] for r in batch])):
                    out = {"id": row.get("id"), "themes": {k: round(v, 4) for k, v in prediction.scores.items()}, "assigned": prediction.assigned}
                    self.stdout.write(json.dumps(out))
        except (ModelNotTrained, OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
