"""`manage.py themes_evaluate FILE.jsonl`: score the model in use (and its baseline) on labelled narratives."""
from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learning.classifier.corpus import load_corpus, of_split, read_labelled
from learning.classifier.metrics import evaluate_sets, format_table
from learning.classifier.model import ModelNotTrained, ThemeModel, current_model_dir


class Command(BaseCommand):
    help = (
        'Evaluate the theme model on a JSONL file of {"text": ..., "themes": [slugs]} lines: per-theme precision, '
        "recall and F1, macro and micro F1, for the spaCy model and the baseline saved with it. "
        "With --split test (or dev) instead of a file, use that split of the corpus."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="JSONL file of labelled narratives, or - for standard input.")
        parser.add_argument("--split", choices=["dev", "test"], help="Evaluate on this split of the corpus instead of a file.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object instead of tables.")
        parser.add_argument("--model", help="Model directory to evaluate (default: the one in use).")

    def handle(self, *args, file, split, model, **options):
        as_json = options["json"]
        if bool(file) == bool(split):
            raise CommandError("Give a FILE.jsonl or --split dev/test (one of the two).")
        try:
            theme_model = ThemeModel(Path(model) if model else current_model_dir())
            examples = of_split(load_corpus(), split) if split else read_labelled(file)
        except (ModelNotTrained, OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if not examples:
            raise CommandError("No narratives to evaluate.")
        texts = [e.text for e in examples]
        gold = [[t for t in e.themes if t in theme_model.labels] for e in examples]
        unknown = sorted({t for e in examples for t in e.themes if t not in theme_model.labels})
        spacy_result = evaluate_sets(gold, [p.assigned for p in theme_model.predict(texts)], theme_model.labels)
        baseline_result = evaluate_sets(gold, [p.assigned for p in theme_model.baseline_predict(texts)], theme_model.labels)
        if as_json:
            payload = {"model_version": theme_model.version, **spacy_result, "baseline": baseline_result, "unknown_themes": unknown}
            self.stdout.write(json.dumps(payload))
            return
        self.stdout.write(f"Model {theme_model.version} on {len(examples)} narratives from {file or 'the ' + split + ' split'}")
        if unknown:
            self.stdout.write(self.style.WARNING(f"Themes this model does not know were ignored: {', '.join(unknown)}"))
        self.stdout.write(format_table(spacy_result, title="\nspaCy:"))
        self.stdout.write(format_table(baseline_result, title="\nBaseline (TF-IDF + logistic regression):"))
