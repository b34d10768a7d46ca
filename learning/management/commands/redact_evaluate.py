"""`manage.py redact_evaluate`: recall and precision of the redactor per identifier type."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from learning.redaction import find_identifiers
from learning.redaction.evaluation import EVAL_FILE, load_cases, score

TARGETS = {"NHS_NUMBER": 0.98, "DOB": 0.98, "PHONE": 0.98, "POSTCODE": 0.98, "NAME": 0.9}


class Command(BaseCommand):
    help = (
        "Score the redactor on hand-marked narratives (default learning/data/redaction_eval.jsonl): recall and "
        "precision per identifier type, misses and false alarms."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(EVAL_FILE), help="Marked JSONL file (see learning/redaction/evaluation.py).")
        parser.add_argument("--split", help='Only lines with this "split" (development, blind).')
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--show", action="store_true", help="List every miss and false alarm.")

    def handle(self, *args, file, split, show, **options):
        try:
            cases = load_cases(file, split=split)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if not cases:
            raise CommandError("No narratives to evaluate.")
        result = score(cases, find_identifiers)
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(f"{result['narratives']} narratives ({result['clean_narratives']} with no identifier; "
                          f"{result['clean_with_redaction']} of those had something redacted)")
        self.stdout.write(f"{'type':<16} {'marked':>6} {'recall':>7} {'found':>6} {'precision':>9}  target recall")
        for label, m in result["per_type"].items():
            recall = "-" if m["recall"] is None else f"{m['recall']:.3f}"
            precision = "-" if m["precision"] is None else f"{m['precision']:.3f}"
            target = TARGETS.get(label)
            flag = "" if target is None else f"  >= {target}" + ("" if m["recall"] is None or m["recall"] >= target else "  MISSED")
            self.stdout.write(f"{label:<16} {m['gold']:>6} {recall:>7} {m['predicted']:>6} {precision:>9}{flag}")
        overall = result["overall"]
        self.stdout.write(f"{'all':<16} {'':>6} {overall['recall']:>7.3f} {'':>6} {overall['precision']:>9.3f}")
        if show:
            for miss in result["misses"]:
                self.stdout.write(f"missed      {miss['id']} {miss['label']}: {miss['text']!r}")
            for fp in result["false_positives"]:
                self.stdout.write(f"false alarm {fp['id']} {fp['label']}: {fp['text']!r}")
