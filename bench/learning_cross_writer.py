"""How well do the themes carry over to a writer the model has never read?

    python bench/learning_cross_writer.py [--baseline-only] [--max-epochs N]

The corpus has four writers (learning/corpus/narratives_1..4.jsonl), each focused on a group of themes.
For each writer in turn, train on the other writers' files (plus the training-only files, narratives_5 onwards) and
evaluate on all of that writer's lines, with thresholds tuned on a slice of the training writers' lines.
This is harsher than the fixed held-out split (whose test lines come from writers the model has read) and a
better guide to narratives written by other people. Prints per-writer macro/micro F1 for the spaCy model
and the baseline, and their means. Takes about four model trainings.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-only", action="store_true")
    parser.add_argument("--max-epochs", type=int, default=None)
    args = parser.parse_args()

    import django

    django.setup()
    from learning.classifier.baseline import Baseline
    from learning.classifier.corpus import load_corpus
    from learning.classifier.metrics import assign, evaluate_sets, tune_shared_threshold
    from learning.classifier.normalise import Normaliser
    from learning.classifier.training import train_model

    labels = [row["slug"] for row in json.loads((ROOT / "learning" / "data" / "taxonomy.json").read_text())]
    corpus = load_corpus()
    normalise = Normaliser.default()
    results = []
    for writer in range(1, 5):
        name = f"narratives_{writer}.jsonl"
        held = [replace(e, split="test") for e in corpus if e.source.startswith(name + ":")]
        rest = [e for e in corpus if not e.source.startswith(name + ":")]
        # Within the other writers' lines, keep their own dev lines for tuning; everything else trains.
        examples = [replace(e, split="dev" if e.split == "dev" else "train") for e in rest] + held
        row = {"writer": name, "lines": len(held)}
        train = [e for e in examples if e.split == "train"]
        dev = [e for e in examples if e.split == "dev"]
        baseline = Baseline(labels).fit([normalise(e.text) for e in train], [e.themes for e in train])
        thresholds = tune_shared_threshold([e.themes for e in dev], baseline.scores([normalise(e.text) for e in dev]), labels)
        scores = baseline.scores([normalise(e.text) for e in held])
        result = evaluate_sets([e.themes for e in held], [assign(s, thresholds) for s in scores], labels)
        row["baseline"] = {"macro_f1": result["macro_f1"], "micro_f1": result["micro_f1"]}
        if not args.baseline_only:
            overrides = {"training.max_epochs": args.max_epochs} if args.max_epochs else {}
            with tempfile.TemporaryDirectory() as tmp:
                trained = train_model(examples=examples, themes=labels, output_root=Path(tmp), overrides=overrides, make_current=False)
            test = trained.metrics["test"]["spacy"]
            row["spacy"] = {"macro_f1": test["macro_f1"], "micro_f1": test["micro_f1"]}
        results.append(row)
        print(json.dumps(row), flush=True)
    for model in ("spacy", "baseline"):
        rows = [r[model] for r in results if model in r]
        if rows:
            print(f"{model}: mean macro F1 {sum(r['macro_f1'] for r in rows) / len(rows):.3f}, "
                  f"mean micro F1 {sum(r['micro_f1'] for r in rows) / len(rows):.3f}")


if __name__ == "__main__":
    main()
