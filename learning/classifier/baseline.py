"""The yardstick: TF-IDF over words and word pairs with one-vs-rest logistic regression (scikit-learn).

Trained on exactly the same normalised examples as the spaCy model and evaluated by the same command, so a
reader can see what the neural model adds. Saved beside the spaCy pipeline as a pickle of the fitted objects.
"""
from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

FILENAME = "baseline.pkl"


class Baseline:
    """TF-IDF + logistic regression over normalised text; scores are per-theme probabilities."""

    def __init__(self, labels: Sequence[str], *, seed: int = 0):
        self.labels = list(labels)
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        self.model = OneVsRestClassifier(
            LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, random_state=seed)
        )
        self.binarizer = MultiLabelBinarizer(classes=self.labels)

    def fit(self, texts: Sequence[str], themes: Sequence[Sequence[str]]) -> Baseline:
        X = self.vectorizer.fit_transform(texts)
        Y = self.binarizer.fit_transform([[t for t in ts if t in self.labels] for ts in themes])
        self.model.fit(X, Y)
        return self

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        if not texts:
            return []
        probabilities = np.asarray(self.model.predict_proba(self.vectorizer.transform(texts)))
        return [{label: float(p) for label, p in zip(self.labels, row)} for row in probabilities]

    def save(self, directory: Path) -> None:
        with (directory / FILENAME).open("wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, directory: Path) -> Baseline:
        # The file is written by themes_train into the trust's own model directory; never load one from elsewhere.
        with (directory / FILENAME).open("rb") as handle:
            return pickle.load(handle)
