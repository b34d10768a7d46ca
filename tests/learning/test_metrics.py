import pytest

from learning.classifier.metrics import assign, evaluate_sets, tune_thresholds


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
