"""Fixtures for the learning tests: a small theme model trained once per test session.

The small model uses the shipped config with a narrower network, three epochs and a quarter of the corpus,
so it trains in seconds; tests check behaviour, not the full model's accuracy (docs/learning.md has that).
"""
from __future__ import annotations

import json

import pytest

from learning.classifier import corpus
from learning.classifier import model as model_module
from learning.classifier.training import train_model

THEMES = [row["slug"] for row in json.loads((corpus.CORPUS_DIR.parent / "data" / "taxonomy.json").read_text())]
TINY_OVERRIDES = {
    "training.max_epochs": 3,
    "training.eval_frequency": 40,
    "components.tok2vec.model.encode.width": 32,
    "components.tok2vec.model.encode.depth": 1,
    "components.textcat_multilabel.model.linear_model.length": 65536,
}


def small_corpus() -> list[corpus.Example]:
    """Every 4th training line and every 2nd dev and test line, so each theme keeps examples in each split."""
    examples = corpus.load_corpus()
    keep = []
    for split, step in (("train", 4), ("dev", 2), ("test", 2)):
        keep += corpus.of_split(examples, split)[::step]
    return keep


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "test_browser_themes" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def tiny_model_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    result = train_model(examples=small_corpus(), themes=THEMES, output_root=root, overrides=TINY_OVERRIDES)
    return root, result


@pytest.fixture
def theme_model(tiny_model_root, settings):
    """Point LEARNING at the small model for this test; returns the loaded ThemeModel."""
    root, result = tiny_model_root
    settings.LEARNING = {**settings.LEARNING, "MODEL_DIR": str(root), "THEMES_MODEL": ""}
    return model_module.get_model()


@pytest.fixture
def no_model(tmp_path, settings):
    """LEARNING pointing at an empty directory: no model has been trained."""
    settings.LEARNING = {**settings.LEARNING, "MODEL_DIR": str(tmp_path / "empty"), "THEMES_MODEL": ""}
