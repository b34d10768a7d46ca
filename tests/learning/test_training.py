"""Training writes a complete, versioned, reloadable model; the process loads it once."""
import json

import pytest

from learning.classifier import model as model_module
from learning.classifier.corpus import Example
from learning.classifier.training import MIN_EXAMPLES_PER_THEME, usable_labels


def test_model_directory_holds_pipeline_baseline_thresholds_and_metrics(tiny_model_root):
    root, result = tiny_model_root
    directory = result.directory
    assert directory.parent == root and directory.name == result.version
    assert (root / "CURRENT").read_text().strip() == result.version
    for name in ("textcat/config.cfg", "baseline.pkl", "model.json", "metrics.json", "test.jsonl"):
        assert (directory / name).exists(), name
    meta = json.loads((directory / "model.json").read_text())
    assert set(meta["thresholds"]["spacy"]) == set(meta["labels"]) == set(meta["thresholds"]["baseline"])
    assert all(0 < t < 1 for t in meta["thresholds"]["spacy"].values())
    assert meta["normaliser"]["abbreviations"]["pt"] == "patient"
    metrics = json.loads((directory / "metrics.json").read_text())
    for split in ("dev", "test"):
        for name in ("spacy", "baseline"):
            assert set(metrics[split][name]) >= {"macro_f1", "micro_f1", "per_theme"}
    # The held-out lines written with the model are exactly the test split it was scored on.
    assert sum(1 for _ in (directory / "test.jsonl").open()) == metrics["test"]["spacy"]["examples"]


def test_even_the_small_model_learns_something(tiny_model_root):
    _, result = tiny_model_root
    # Chance level for 15 themes at ~1.4 themes per narrative is a macro F1 of roughly 0.1.
    assert result.metrics["test"]["spacy"]["macro_f1"] > 0.2
    assert result.metrics["test"]["baseline"]["macro_f1"] > 0.2


def test_loaded_model_scores_every_label_and_assigns_by_threshold(theme_model):
    [prediction] = theme_model.predict(["Pt found on floor beside bed, unwitnessed fall, obs stable"])
    assert set(prediction.scores) == set(theme_model.labels)
    assert all(0.0 <= s <= 1.0 for s in prediction.scores.values())
    assert prediction.assigned == [t for t in sorted(prediction.scores, key=lambda t: -prediction.scores[t]) if prediction.scores[t] >= theme_model.thresholds[t]]
    [base] = theme_model.baseline_predict(["Pt found on floor beside bed"])
    assert set(base.scores) == set(theme_model.labels)


def test_model_is_loaded_once_per_process(theme_model, monkeypatch):
    calls = []
    monkeypatch.setattr(model_module, "ThemeModel", lambda d: calls.append(d))
    assert model_module.get_model() is theme_model
    assert model_module.get_model() is theme_model
    assert calls == []


def test_pinned_version_and_missing_model(tiny_model_root, settings, tmp_path):
    root, result = tiny_model_root
    settings.LEARNING = {**settings.LEARNING, "MODEL_DIR": str(tmp_path), "THEMES_MODEL": str(result.directory)}
    assert model_module.get_model().version == result.version
    settings.LEARNING = {**settings.LEARNING, "MODEL_DIR": str(tmp_path), "THEMES_MODEL": ""}
    assert not model_module.model_exists()
    with pytest.raises(model_module.ModelNotTrained, match="themes_train"):
        model_module.get_model()


def test_themes_with_too_few_examples_are_left_out_and_named():
    examples = [Example(text=f"t{i}", themes=("falls",), split="train") for i in range(MIN_EXAMPLES_PER_THEME)]
    examples.append(Example(text="one", themes=("infection",), split="train"))
    usable, skipped = usable_labels(examples, ["falls", "infection", "medication"])
    assert usable == ["falls"] and skipped == ["infection", "medication"]


def test_rarer_themes_are_repeated_for_spacy_up_to_a_cap():
    from learning.classifier.training import MAX_COPIES, balanced

    common = [Example(text=f"c{i}", themes=("falls",), split="train") for i in range(40)]
    rare = [Example(text="r", themes=("infection",), split="train"), Example(text="both", themes=("falls", "medication"), split="train")]
    none = [Example(text="n", themes=(), split="train")]
    out = balanced(common + rare + none, ["falls", "infection", "medication"])
    counts = {e.text: sum(1 for o in out if o.text == e.text) for e in common + rare + none}
    assert counts["c0"] == 1 and counts["n"] == 1
    assert counts["r"] == MAX_COPIES  # 40 / 1, capped
    assert counts["both"] == MAX_COPIES  # the rarest of its themes decides


def test_empty_and_blank_texts_score_zero_instead_of_failing(theme_model):
    predictions = theme_model.predict(["", "   ", "pt fell"])
    assert predictions[0].scores == predictions[1].scores == dict.fromkeys(theme_model.labels, 0.0)
    assert predictions[0].assigned == [] and any(predictions[2].scores.values())
