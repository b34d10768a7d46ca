"""Train a versioned theme model: spaCy pipeline and baseline, thresholds tuned on dev, scored on test.

`train_model` is what `manage.py themes_train` runs. It takes examples already assigned to splits
(learning.classifier.corpus), so the same code trains the full model and the small ones tests use.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .baseline import Baseline
from .corpus import Example, of_split, write_jsonl
from .metrics import assign, evaluate_sets, tune_shared_threshold
from .model import META_FILE, PIPELINE_DIR, ThemeModel, set_current
from .normalise import Normaliser

CONFIG_PATH = Path(__file__).resolve().parent / "config.cfg"
MIN_EXAMPLES_PER_THEME = 5
MAX_COPIES = 4  # the most times balanced() repeats one narrative


@dataclass(frozen=True)
class TrainingResult:
    directory: Path
    version: str
    metrics: dict
    seconds: float


def data_fingerprint(examples: Sequence[Example], config_text: str, normaliser: Normaliser, overrides: dict) -> str:
    """A short hash of everything that determines the model, for its version name."""
    digest = hashlib.sha1()
    for e in examples:
        digest.update(f"{e.split}\t{','.join(sorted(e.themes))}\t{e.text}\n".encode())
    digest.update(config_text.encode())
    digest.update(json.dumps(normaliser.to_dict(), sort_keys=True).encode())
    digest.update(json.dumps(overrides, sort_keys=True, default=str).encode())
    digest.update(f"balanced<={MAX_COPIES}".encode())  # the training recipe, beyond the config
    return digest.hexdigest()[:7]


def usable_labels(examples: Sequence[Example], themes: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split the taxonomy into themes with enough training examples to learn, and those without."""
    counts = Counter(t for e in of_split(examples, "train") for t in e.themes)
    usable = [t for t in themes if counts[t] >= MIN_EXAMPLES_PER_THEME]
    return usable, [t for t in themes if t not in usable]


def balanced(examples: Sequence[Example], labels: Sequence[str]) -> list[Example]:
    """Repeat narratives of rarer themes so that each theme is seen about as often as the most common one
    (at most MAX_COPIES copies of a narrative).

    spaCy's textcat has no class weights; without this it learns the themes that were rare in training as
    rare, and a writer whose reports are mostly about one of those themes is badly served (docs/learning.md,
    "leaving one writer out"). The baseline gets the same effect from class_weight="balanced" and is trained
    on the examples as they are.
    """
    counts = Counter(t for e in examples for t in e.themes if t in labels)
    if not counts:
        return list(examples)
    top = max(counts.values())
    out = []
    for e in examples:
        ratios = [top / counts[t] for t in e.themes if t in counts]
        out.extend([e] * (min(MAX_COPIES, max(1, round(max(ratios)))) if ratios else 1))
    return out


def _docbin(nlp, examples: Sequence[Example], labels: Sequence[str], normalise: Normaliser, path: Path) -> None:
    from spacy.tokens import DocBin

    docbin = DocBin()
    for doc, example in zip(nlp.pipe(normalise(e.text) for e in examples), examples):
        doc.cats = {label: float(label in example.themes) for label in labels}
        docbin.add(doc)
    docbin.to_disk(path)


def _train_spacy(train: Sequence[Example], dev: Sequence[Example], labels, normalise, config_path: Path, overrides: dict, work: Path, log: IO) -> Path:
    import spacy
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_loop
    from spacy.util import load_config

    blank = spacy.blank("en")
    _docbin(blank, balanced(train, labels), labels, normalise, work / "train.spacy")
    _docbin(blank, dev, labels, normalise, work / "dev.spacy")
    settings = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"), **overrides}
    config = load_config(config_path, overrides=settings, interpolate=False)
    spacy_logger = logging.getLogger("spacy")
    level = spacy_logger.level
    spacy_logger.setLevel(logging.WARNING)  # spaCy logs each set-up step at INFO; the log IO has the progress
    try:
        nlp = init_nlp(config)
        (work / "out").mkdir()
        train_loop(nlp, work / "out", stdout=log, stderr=log)
    finally:
        spacy_logger.setLevel(level)
    best = work / "out" / "model-best"
    return best if best.exists() else work / "out" / "model-last"


def _evaluate(gold: Sequence[Example], scores: Sequence[dict], thresholds: dict, labels) -> dict:
    return evaluate_sets([e.themes for e in gold], [assign(s, thresholds) for s in scores], labels)


def train_model(
    *,
    examples: Sequence[Example],
    themes: Sequence[str],
    output_root: Path,
    config_path: Path = CONFIG_PATH,
    overrides: dict | None = None,
    normaliser: Normaliser | None = None,
    make_current: bool = True,
    log: IO | None = None,
) -> TrainingResult:
    """Train both models on the train split, tune their thresholds on dev, score on test, write the model directory.

    `themes` is the taxonomy (slugs of active themes); themes with fewer than MIN_EXAMPLES_PER_THEME training
    examples are left out and listed in the model's metadata. Raises ValueError if there is nothing to learn.
    """
    started = time.monotonic()
    log = log or io.StringIO()
    overrides = dict(overrides or {})
    normaliser = normaliser or Normaliser.default()
    labels, skipped = usable_labels(examples, themes)
    if not labels:
        raise ValueError("No theme has enough training examples; add narratives to learning/corpus or confirm themes at triage.")
    train, dev, test = (of_split(examples, s) for s in ("train", "dev", "test"))
    if not dev:
        raise ValueError("The development split is empty: thresholds cannot be tuned.")
    config_text = Path(config_path).read_text(encoding="utf-8")
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    version = f"themes-{stamp}-{data_fingerprint(examples, config_text, normaliser, overrides)}"
    output_root.mkdir(parents=True, exist_ok=True)
    directory = output_root / version

    with tempfile.TemporaryDirectory(prefix="vigil-train-") as tmp:
        work = Path(tmp)
        best = _train_spacy(train, dev, labels, normaliser, Path(config_path), overrides, work, log)
        staging = output_root / f".{version}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        shutil.copytree(best, staging / PIPELINE_DIR)
        baseline = Baseline(labels).fit([normaliser(e.text) for e in train], [e.themes for e in train])
        baseline.save(staging)

        # One threshold shared by all themes, chosen on dev for each model separately; test is only scored.
        meta = {
            "version": version,
            "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "labels": labels,
            "skipped_themes": skipped,
            "normaliser": normaliser.to_dict(),
            "config": config_text,
            "overrides": {k: v for k, v in overrides.items()},
            "balanced_copies_max": MAX_COPIES,
            "data": {
                "train": len(train),
                "dev": len(dev),
                "test": len(test),
                "sources": dict(Counter(e.source.split(":")[0] for e in train)),
                "train_per_theme": dict(Counter(t for e in train for t in e.themes if t in labels)),
            },
            "thresholds": {"spacy": {}, "baseline": {}},
        }
        (staging / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
        model = ThemeModel(staging)
        dev_scores = {"spacy": model.scores([e.text for e in dev]), "baseline": baseline.scores([normaliser(e.text) for e in dev])}
        for name, scores in dev_scores.items():
            meta["thresholds"][name] = tune_shared_threshold([e.themes for e in dev], scores, labels)
        metrics: dict = {"version": version, "dev": {}, "test": {}}
        for name, scores in dev_scores.items():
            metrics["dev"][name] = _evaluate(dev, scores, meta["thresholds"][name], labels)
        if test:
            test_scores = {"spacy": model.scores([e.text for e in test]), "baseline": baseline.scores([normaliser(e.text) for e in test])}
            for name, scores in test_scores.items():
                metrics["test"][name] = _evaluate(test, scores, meta["thresholds"][name], labels)
            write_jsonl(staging / "test.jsonl", test)
        meta["training_seconds"] = round(time.monotonic() - started, 1)
        (staging / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
        (staging / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
        staging.rename(directory)
    if make_current:
        set_current(directory)
    return TrainingResult(directory=directory, version=version, metrics=metrics, seconds=time.monotonic() - started)
