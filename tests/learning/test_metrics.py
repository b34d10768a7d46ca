import pytest

from learning.classifier.metrics import assign, evaluate_sets, tune_shared_threshold, tune_thresholds


def test_scores_per_theme_and_averages():
    gold = [["falls"], ["falls", "medication"], ["medication"], []]
    predicted = [["falls"], ["falls"], ["falls"], []]
    result = evaluate_sets(gold, predicted, ["falls", "medication", "infection"])
    falls = result["per_theme"]["falls"]
    assert (falls["precision"], falls["recall"], falls["support"]) == (pytest.approx(2 / 3, abs=1e-4), 1.0, 2)
    assert result["per_theme"]["medication"]["f1"] == 0.0
    # infection is in neither gold nor predictions: it does not drag the macro average down
    assert result["macro_f1"] == pytest.approx((0.8 + 0.0) / 2, abs=1e-4)
    assert result["micro_f1"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3), abs=1e-4)


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        evaluate_sets([["falls"]], [], ["falls"])


def test_thresholds_separate_the_development_examples():
    gold = [["falls"], ["falls"], [], []]
    scores = [{"falls": 0.35}, {"falls": 0.3}, {"falls": 0.2}, {"falls": 0.1}]
    thresholds = tune_thresholds(gold, scores, ["falls", "infection"])
    assert 0.2 < thresholds["falls"] <= 0.3
    assert thresholds["infection"] == 0.5  # no positive example: left at the default
    assert assign({"falls": 0.31, "infection": 0.6}, thresholds) == ["infection", "falls"]


def test_one_shared_threshold_is_chosen_for_every_theme_by_macro_f1():
    gold = [["falls"], ["falls"], ["infection"], [], []]
    scores = [
        {"falls": 0.9, "infection": 0.1},
        {"falls": 0.45, "infection": 0.1},
        {"falls": 0.1, "infection": 0.4},
        {"falls": 0.3, "infection": 0.35},
        {"falls": 0.05, "infection": 0.05},
    ]
    thresholds = tune_shared_threshold(gold, scores, ["falls", "infection"])
    assert set(thresholds) == {"falls", "infection"}
    assert len(set(thresholds.values())) == 1
    assert 0.35 < thresholds["falls"] <= 0.4  # the only value that gets both themes right
    assert assign(scores[2], thresholds) == ["infection"]
