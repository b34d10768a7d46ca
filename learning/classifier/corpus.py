"""The labelled narratives the classifier learns from, and the fixed train/dev/test split.

The split is a pure function of the corpus files, so every machine gets the same one without a random seed:
within each writer's file, lines are ordered by their rarest theme (so small themes are spread evenly),
then by a SHA-1 of the text; walking that order, positions 0, 7 and 14 of every 20 go to test, 3, 10 and 17
to dev and the rest to train (70/15/15). Adding lines to one file never moves a line of another file.

The rule depends on the labels (the rarest theme orders a file), so correcting one label would move lines
between splits. The split was therefore frozen before the labels were audited: SPLIT_FILE lists, for each
writer's file, the SHA-1 (first 12 hex digits) of every dev and test narrative as the rule assigned it; a file
listed there keeps exactly those lines in dev and test whatever its labels say, and any other line of it
trains. Files not listed in SPLIT_FILE still get the rule.

Files numbered FIRST_TRAIN_ONLY or above (narratives_5.jsonl onwards, added after the split was fixed, so a new
writer's file trains without anyone having to list it) and confirmed themes from the
database are only ever used for training; anything whose text is already in the corpus is ignored, so a test
narrative can never leak into training through the demo data.
"""
from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
FIRST_TRAIN_ONLY = 5
SPLIT_FILE = "split.json"
SPLITS = ("train", "dev", "test")
_TEST_POSITIONS = {0, 7, 14}
_DEV_POSITIONS = {3, 10, 17}
_CYCLE = 20


@dataclass(frozen=True)
class Example:
    """One narrative and the themes (slugs) it belongs to."""

    text: str
    themes: tuple[str, ...]
    source: str = ""  # "narratives_1.jsonl:17", "incident:INC-2026-000123", a file name...
    split: str = "train"
    meta: dict = field(default_factory=dict, compare=False)


def read_jsonl(path: Path | str) -> Iterator[dict]:
    """Rows of a JSON Lines file ("-" for standard input), skipping blank lines. Errors name the line."""
    if str(path) == "-":
        yield from _rows(sys.stdin, "<stdin>")
        return
    with Path(path).open(encoding="utf-8") as handle:
        yield from _rows(handle, str(path))


def _rows(handle, name: str) -> Iterator[dict]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{name}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise ValueError(f"{name}:{number}: expected a JSON object")
        yield row


def read_labelled(path: Path | str) -> list[Example]:
    """A JSONL file of {"text", "themes": [slugs]} rows, as examples (split "file")."""
    examples = []
    for number, row in enumerate(read_jsonl(path), start=1):
        if not isinstance(row.get("text"), str):
            raise ValueError(f"{path}: row {number} has no \"text\" string")
        themes = row.get("themes") or []
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise ValueError(f"{path}: row {number}: \"themes\" must be a list of theme slugs")
        examples.append(Example(text=row["text"], themes=tuple(themes), source=f"{Path(path).name}:{number}", split="file"))
    return examples


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def text_key(text: str) -> str:
    """The key a narrative has in SPLIT_FILE."""
    return _digest(text)[:12]


def _example(row: dict, name: str, line: int, split: str) -> Example:
    return Example(
        text=row["text"],
        themes=tuple(row.get("themes") or ()),
        source=f"{name}:{line}",
        split=split,
        meta={k: row[k] for k in ("setting", "harm", "event_type") if k in row},
    )


def frozen_split(rows: list[dict], name: str, frozen: dict[str, list[str]]) -> list[Example]:
    """Assign each row of one writer's file by the frozen lists ({"dev": [keys], "test": [keys]})."""
    where = {key: split for split in ("dev", "test") for key in frozen.get(split, ())}
    return [_example(row, name, i, where.get(text_key(row["text"]), "train")) for i, row in enumerate(rows, start=1)]


def split_file(rows: list[dict], name: str) -> list[Example]:
    """Assign each row of one writer's file to train, dev or test (see the module docstring)."""
    frequency = Counter(t for row in rows for t in row.get("themes", []))

    def stratum(row: dict) -> str:
        themes = row.get("themes") or []
        if not themes:
            return "~none"
        return min(themes, key=lambda t: (frequency[t], t))

    numbered = [(i + 1, row) for i, row in enumerate(rows)]
    ordered = sorted(numbered, key=lambda item: (stratum(item[1]), _digest(item[1]["text"])))
    examples = []
    for position, (line, row) in enumerate(ordered):
        slot = position % _CYCLE
        split = "test" if slot in _TEST_POSITIONS else "dev" if slot in _DEV_POSITIONS else "train"
        examples.append(_example(row, name, line, split))
    examples.sort(key=lambda e: int(e.source.rsplit(":", 1)[1]))
    return examples


def is_train_only(name: str) -> bool:
    """Whether a corpus file (`narratives_<n>.jsonl`, or a source such as `narratives_7.jsonl:12`) only trains."""
    number = name.split(":", 1)[0].removeprefix("narratives_").removesuffix(".jsonl")
    return number.isdigit() and int(number) >= FIRST_TRAIN_ONLY


def load_corpus(directory: Path = CORPUS_DIR) -> list[Example]:
    """Every corpus line with its split, in file order."""
    examples: list[Example] = []
    split_path = directory / SPLIT_FILE
    frozen = json.loads(split_path.read_text(encoding="utf-8")) if split_path.exists() else {}
    for path in sorted(directory.glob("narratives_*.jsonl")):
        rows = list(read_jsonl(path))
        if path.name in frozen:
            examples.extend(frozen_split(rows, path.name, frozen[path.name]))
        elif is_train_only(path.name):
            examples.extend(
                Example(text=r["text"], themes=tuple(r.get("themes") or ()), source=f"{path.name}:{i}", split="train")
                for i, r in enumerate(rows, start=1)
            )
        else:
            examples.extend(split_file(rows, path.name))
    return examples


def merge_confirmed(corpus: list[Example], confirmed: Iterable[Example], normalise) -> list[Example]:
    """Add confirmed incidents to the training split, ignoring any whose text the corpus already has."""
    seen = {normalise(e.text) for e in corpus}
    extra = []
    for example in confirmed:
        key = normalise(example.text)
        if key in seen:
            continue
        seen.add(key)
        extra.append(Example(text=example.text, themes=example.themes, source=example.source, split="train"))
    return corpus + extra


def of_split(examples: Iterable[Example], split: str) -> list[Example]:
    return [e for e in examples if e.split == split]


def write_jsonl(path: Path, examples: Iterable[Example]) -> int:
    """Write {"text", "themes", "source"} lines; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for e in examples:
            handle.write(json.dumps({"text": e.text, "themes": list(e.themes), "source": e.source}, ensure_ascii=False) + "\n")
            count += 1
    return count
