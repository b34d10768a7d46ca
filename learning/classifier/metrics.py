"""Multi-label scores: precision, recall and F1 per theme, macro and micro averages, and threshold tuning."""
from __future__ import annotations

from collections.abc import Sequence

THRESHOLD_GRID = tuple(round(0.05 * i, 2) for i in range(1, 20))  # 0.05 .. 0.95


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate_sets(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], labels: Sequence[str]) -> dict:
    """Compare gold and predicted theme sets, one pair per narrative.

    Returns {"macro_f1", "micro_f1", "micro_precision", "micro_recall", "examples", "per_theme": {slug:
    {"precision", "recall", "f1", "support", "predicted"}}}. Macro F1 averages over themes that occur in the
    gold data or were predicted (a theme absent from both says nothing about the model).
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold rows but {len(predicted)} predictions")
    per_theme = {}
    total_tp = total_fp = total_fn = 0
    for label in labels:
        tp = fp = fn = 0
        for g, p in zip(gold, predicted):
            in_gold, in_pred = label in g, label in p
            tp += in_gold and in_pred
            fp += in_pred and not in_gold
            fn += in_gold and not in_pred
        precision, recall, f1 = _prf(tp, fp, fn)
        per_theme[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
            "predicted": tp + fp,
        }
        total_tp, total_fp, total_fn = total_tp + tp, total_fp + fp, total_fn + fn
    counted = [m["f1"] for m in per_theme.values() if m["support"] or m["predicted"]]
    micro_p, micro_r, micro_f = _prf(total_tp, total_fp, total_fn)
    return {
        "macro_f1": round(sum(counted) / len(counted), 4) if counted else 0.0,
        "micro_f1": round(micro_f, 4),
        "micro_precision": round(micro_p, 4),
        "micro_recall": round(micro_r, 4),
        "examples": len(gold),
        "per_theme": per_theme,
    }


def assign(scores: dict[str, float], thresholds: dict[str, float], default: float = 0.5) -> list[str]:
    """Themes whose score reaches their threshold, highest score first."""
    chosen = [label for label, score in scores.items() if score >= thresholds.get(label, default)]
    return sorted(chosen, key=lambda label: -scores[label])


def tune_thresholds(gold: Sequence[Sequence[str]], scores: Sequence[dict[str, float]], labels: Sequence[str]) -> dict[str, float]:
    """For each theme, the threshold on THRESHOLD_GRID that gives the best F1 on these (development) rows.

    Ties go to the threshold nearest 0.5, so that a flat stretch does not push a theme to an extreme.
    A theme with no positive rows keeps 0.5.
    """
    thresholds = {}
    for label in labels:
        truth = [label in g for g in gold]
        if not any(truth):
            thresholds[label] = 0.5
            continue
        best = (-1.0, 0.0, 0.5)
        for t in THRESHOLD_GRID:
            tp = fp = fn = 0
            for is_gold, row in zip(truth, scores):
                hit = row.get(label, 0.0) >= t
                tp += is_gold and hit
                fp += hit and not is_gold
                fn += is_gold and not hit
            f1 = _prf(tp, fp, fn)[2]
            candidate = (round(f1, 6), -abs(t - 0.5), t)
            if candidate > best:
                best = candidate
        thresholds[label] = best[2]
    return thresholds


def tune_shared_threshold(gold: Sequence[Sequence[str]], scores: Sequence[dict[str, float]], labels: Sequence[str]) -> dict[str, float]:
    """One threshold on THRESHOLD_GRID for every theme, the one with the best macro F1 on these (development) rows.

    Returned per theme, in the same shape as tune_thresholds. With a few hundred development narratives, a
    threshold per theme is fitted to a handful of positives: tuned on one half of the development split and
    scored on the other, per-theme thresholds did worse than one shared threshold for both models
    (docs/learning.md). Ties go to the threshold nearest 0.5.
    """
    best = (-1.0, 0.0, 0.5)
    for t in THRESHOLD_GRID:
        shared = dict.fromkeys(labels, t)
        f1 = evaluate_sets(gold, [assign(row, shared) for row in scores], labels)["macro_f1"]
        candidate = (round(f1, 6), -abs(t - 0.5), t)
        if candidate > best:
            best = candidate
    return dict.fromkeys(labels, best[2])


def format_table(result: dict, title: str = "") -> str:
    """A plain-text table of a result from evaluate_sets, for the terminal."""
    lines = [title] if title else []
    lines.append(f"{'theme':<30} {'prec':>6} {'rec':>6} {'f1':>6} {'support':>8}")
    for label, m in sorted(result["per_theme"].items()):
        lines.append(f"{label:<30} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} {m['support']:>8}")
    lines.append(f"{'macro F1':<30} {result['macro_f1']:>20.3f}")
    lines.append(f"{'micro F1':<30} {result['micro_f1']:>20.3f}   ({result['examples']} narratives)")
    return "\n".join(lines)
