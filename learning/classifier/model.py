"""A trained theme model on disk, and the one this process uses.

A model directory (written by `manage.py themes_train`) holds:

    textcat/          the spaCy pipeline (blank English, tok2vec + textcat_multilabel)
    baseline.pkl      the TF-IDF + logistic regression yardstick, trained on the same data
    model.json        version, labels, per-theme thresholds (spaCy and baseline), normaliser, data summary
    metrics.json      development and held-out test scores for both models
    test.jsonl        the held-out narratives, for anyone who wants to re-check the figures

The directory LEARNING["MODEL_DIR"] holds one sub-directory per version and a CURRENT file naming the
version in use (LEARNING["THEMES_MODEL"] pins another). Each process loads its model once.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.conf import settings

from .metrics import assign
from .normalise import Normaliser

CURRENT_FILE = "CURRENT"
META_FILE = "model.json"
PIPELINE_DIR = "textcat"


class ModelNotTrained(RuntimeError):
    """There is no trained theme model where settings say to look."""


@dataclass(frozen=True)
class Prediction:
    scores: dict[str, float]
    assigned: list[str]


class ThemeModel:
    """A loaded model: the spaCy pipeline, its thresholds and the normaliser it was trained with."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        meta_path = self.directory / META_FILE
        if not meta_path.exists():
            raise ModelNotTrained(f"{self.directory} is not a theme model (no {META_FILE}). Run: python manage.py themes_train")
        self.meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.version: str = self.meta["version"]
        self.labels: list[str] = list(self.meta["labels"])
        self.thresholds: dict[str, float] = dict(self.meta["thresholds"]["spacy"])
        self.normalise = Normaliser.from_dict(self.meta["normaliser"])
        import spacy  # imported here so that Django starts without loading spaCy

        self.nlp = spacy.load(self.directory / PIPELINE_DIR)

    def scores(self, texts: Sequence[str], *, batch_size: int = 256) -> list[dict[str, float]]:
        """Per-theme probabilities from the spaCy pipeline, one dict per text (all 0.0 for an empty text)."""
        normalised = [self.normalise(t) for t in texts]
        scores = [dict.fromkeys(self.labels, 0.0) for _ in normalised]
        # spaCy's bag-of-words layer cannot take a document with no tokens, and there is nothing to classify.
        filled = [i for i, text in enumerate(normalised) if text]
        for i, doc in zip(filled, self.nlp.pipe((normalised[i] for i in filled), batch_size=batch_size)):
            scores[i] = {label: float(doc.cats.get(label, 0.0)) for label in self.labels}
        return scores

    def predict(self, texts: Sequence[str], *, batch_size: int = 256) -> list[Prediction]:
        """Scores and the themes that reach their tuned thresholds."""
        return [Prediction(scores=s, assigned=assign(s, self.thresholds)) for s in self.scores(texts, batch_size=batch_size)]

    @cached_property
    def baseline(self):
        from .baseline import Baseline

        return Baseline.load(self.directory)

    def baseline_predict(self, texts: Sequence[str]) -> list[Prediction]:
        """The same, from the TF-IDF + logistic regression baseline saved with this model."""
        thresholds = self.meta["thresholds"]["baseline"]
        scores = self.baseline.scores([self.normalise(t) for t in texts])
        return [Prediction(scores=s, assigned=assign(s, thresholds)) for s in scores]


def model_root() -> Path:
    return Path(settings.LEARNING["MODEL_DIR"])


def current_model_dir() -> Path:
    """The directory of the model in use: the pinned one, else the one CURRENT names."""
    root = model_root()
    pinned = settings.LEARNING.get("THEMES_MODEL") or ""
    if pinned:
        path = Path(pinned)
        return path if path.is_absolute() else root / pinned
    current = root / CURRENT_FILE
    if not current.exists():
        raise ModelNotTrained(f"No theme model in {root}. Run: python manage.py themes_train")
    return root / current.read_text(encoding="utf-8").strip()


def set_current(directory: Path) -> None:
    """Point CURRENT at a model directory (atomically, so a reader never sees half a name)."""
    root = directory.parent
    tmp = root / f".{CURRENT_FILE}.tmp"
    tmp.write_text(directory.name + "\n", encoding="utf-8")
    tmp.replace(root / CURRENT_FILE)


_lock = threading.Lock()
_loaded: dict[Path, ThemeModel] = {}


def get_model() -> ThemeModel:
    """The model in use, loaded once per process (per model directory)."""
    directory = current_model_dir().resolve()
    model = _loaded.get(directory)
    if model is None:
        with _lock:
            model = _loaded.get(directory)
            if model is None:
                model = ThemeModel(directory)
                _loaded.clear()  # a newer model replaces the old one; keep one in memory
                _loaded[directory] = model
    return model


def model_exists() -> bool:
    try:
        return (current_model_dir() / META_FILE).exists()
    except ModelNotTrained:
        return False
