"""Scoring the redactor against hand-marked narratives (learning/data/redaction_eval.jsonl).

Each line is {"id", "split", "marked", "known"}: the narrative with identifiers marked inline as [[label:text]]
(labels: nhs_number, hospital_number, dob, phone, email, postcode, address, name; titles such as "Mr" are
outside the mark) and the record's known identifiers, as the product would pass them.

Recall for a type: the share of its marked identifiers that were removed completely (every non-space
character inside some redaction, whatever placeholder it got). Precision for a type: the share of
redactions of that type that overlap a marked identifier. Both are also given with the type required to
match ("typed"), which matters less for privacy than for how the redacted text reads.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from learning.classifier.corpus import read_jsonl

from .patterns import ADDRESS, DOB, EMAIL, HOSPITAL_NUMBER, NAME, NHS_NUMBER, PHONE, POSTCODE, Found

EVAL_FILE = Path(__file__).resolve().parent.parent / "data" / "redaction_eval.jsonl"
LABELS = {
    "nhs_number": NHS_NUMBER,
    "hospital_number": HOSPITAL_NUMBER,
    "dob": DOB,
    "phone": PHONE,
    "email": EMAIL,
    "postcode": POSTCODE,
    "address": ADDRESS,
    "name": NAME,
}
_MARK = re.compile(r"\[\[(?P<label>[a-z_]+):(?P<value>.+?)\]\]")


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    gold: list[Found]
    known: list[str]


def parse_marked(marked: str) -> tuple[str, list[Found]]:
    """Plain text and gold spans from a narrative with [[label:text]] marks."""
    text, gold, position = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[position : m.start()]
        text.append(before)
        length += len(before)
        label = m.group("label")
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r} in {marked[:60]!r}")
        value = m.group("value")
        gold.append(Found(length, length + len(value), LABELS[label]))
        text.append(value)
        length += len(value)
        position = m.end()
    text.append(marked[position:])
    return "".join(text), gold


def load_cases(path: Path | str = EVAL_FILE, *, split: str | None = None) -> list[Case]:
    """The marked narratives, optionally only one split ("development": used while writing the rules;
    "blind": written afterwards and scored once before any rule was changed for it)."""
    cases = []
    for row in read_jsonl(path):
        if split and row.get("split") != split:
            continue
        text, gold = parse_marked(row["marked"])
        cases.append(Case(id=row["id"], text=text, gold=gold, known=list(row.get("known", []))))
    return cases


def _covered(gold: Found, predicted: list[Found], text: str, *, same_type: bool) -> bool:
    for i in range(gold.start, gold.end):
        if text[i].isspace():
            continue
        if not any(p.start <= i < p.end and (not same_type or p.label == gold.label) for p in predicted):
            return False
    return True


def score(cases: list[Case], finder) -> dict:
    """Run `finder(text, known=...)` over the cases and score it.

    Returns {"per_type": {label: {"gold", "recall", "recall_typed", "predicted", "precision",
    "precision_typed"}}, "clean_narratives", "clean_with_redaction", "misses": [...], "false_positives": [...]}.
    """
    gold_total = defaultdict(int)
    found_any = defaultdict(int)
    found_typed = defaultdict(int)
    predicted_total = defaultdict(int)
    predicted_hit = defaultdict(int)
    predicted_typed = defaultdict(int)
    misses, false_positives = [], []
    clean = clean_touched = 0
    for case in cases:
        predicted = finder(case.text, known=case.known)
        for g in case.gold:
            gold_total[g.label] += 1
            if _covered(g, predicted, case.text, same_type=False):
                found_any[g.label] += 1
            else:
                misses.append({"id": case.id, "label": g.label, "text": case.text[g.start : g.end]})
            found_typed[g.label] += _covered(g, predicted, case.text, same_type=True)
        for p in predicted:
            predicted_total[p.label] += 1
            overlapping = [g for g in case.gold if g.start < p.end and p.start < g.end]
            predicted_hit[p.label] += bool(overlapping)
            predicted_typed[p.label] += any(g.label == p.label for g in overlapping)
            if not overlapping:
                false_positives.append({"id": case.id, "label": p.label, "text": case.text[p.start : p.end]})
        if not case.gold:
            clean += 1
            clean_touched += bool(predicted)
    per_type = {}
    for label in LABELS.values():
        g, p = gold_total[label], predicted_total[label]
        per_type[label] = {
            "gold": g,
            "recall": round(found_any[label] / g, 4) if g else None,
            "recall_typed": round(found_typed[label] / g, 4) if g else None,
            "predicted": p,
            "precision": round(predicted_hit[label] / p, 4) if p else None,
            "precision_typed": round(predicted_typed[label] / p, 4) if p else None,
        }
    all_gold = sum(gold_total.values())
    all_pred = sum(predicted_total.values())
    return {
        "narratives": len(cases),
        "per_type": per_type,
        "overall": {
            "recall": round(sum(found_any.values()) / all_gold, 4) if all_gold else None,
            "precision": round(sum(predicted_hit.values()) / all_pred, 4) if all_pred else None,
        },
        "clean_narratives": clean,
        "clean_with_redaction": clean_touched,
        "misses": misses,
        "false_positives": false_positives,
    }
