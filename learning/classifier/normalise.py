"""Text normalisation applied before classification, in training and in use alike.

Reporters write "pt found on floor, obs NAD" or "The patient was found on the floor; observations were
normal". Lower-casing, expanding the abbreviations the project maintains (learning/data/abbreviations.json)
and masking digits make those look alike, so the model learns what happened rather than how one writer
types. The table and options used for a model are saved with it, so an old model keeps working the same way
after the table changes.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ABBREVIATIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "abbreviations.json"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d")


def load_abbreviations(path: Path = ABBREVIATIONS_FILE) -> dict[str, str]:
    """The maintained abbreviation table: whole lower-case words to their expansion."""
    table = json.loads(path.read_text(encoding="utf-8"))
    return {key.lower(): value for key, value in table.items() if not key.startswith("_")}


@dataclass(frozen=True)
class Normaliser:
    """Turns a narrative into the form the classifier was trained on."""

    abbreviations: dict[str, str] = field(default_factory=dict)
    lowercase: bool = True
    mask_digits: bool = True

    @classmethod
    def default(cls) -> Normaliser:
        return cls(abbreviations=load_abbreviations())

    @classmethod
    def from_dict(cls, data: dict) -> Normaliser:
        return cls(
            abbreviations=dict(data.get("abbreviations", {})),
            lowercase=bool(data.get("lowercase", True)),
            mask_digits=bool(data.get("mask_digits", True)),
        )

    def to_dict(self) -> dict:
        return {"abbreviations": self.abbreviations, "lowercase": self.lowercase, "mask_digits": self.mask_digits}

    @cached_property
    def _pattern(self) -> re.Pattern | None:
        if not self.abbreviations:
            return None
        # Longest first so that "pt's" wins over "pt"; a key must stand as a whole word.
        keys = sorted(self.abbreviations, key=len, reverse=True)
        alternation = "|".join(re.escape(k) for k in keys)
        return re.compile(rf"(?<![\w&/])(?:{alternation})(?![\w&/])", re.IGNORECASE)

    def __call__(self, text: str) -> str:
        out = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
        if self.lowercase:
            out = out.lower()
        if self._pattern is not None:
            out = self._pattern.sub(lambda m: self.abbreviations[m.group(0).lower()], out)
        if self.mask_digits:
            out = _DIGITS.sub("0", out)
        return _SPACE.sub(" ", out).strip()
