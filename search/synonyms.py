"""The clinical abbreviation list (search/data/synonyms.txt), loaded once per process.

Every backend reads the same file: the database backends expand query terms with it, and the
Elasticsearch backend puts it in its search-time synonym filter.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "synonyms.txt"
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(term: str) -> str:
    """Lower-case word tokens joined by single spaces: the key a term is looked up by."""
    return " ".join(_WORD.findall(term.lower()))


def synonyms_path() -> Path:
    return Path(getattr(settings, "SEARCH_SYNONYMS_FILE", None) or DEFAULT_PATH)


@lru_cache(maxsize=4)
def load_groups(path: str | None = None) -> tuple[tuple[str, ...], ...]:
    """The synonym groups as written in the file (lower case, stripped), comments skipped."""
    groups = []
    text = Path(path or synonyms_path()).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms = tuple(t.strip().lower() for t in line.split(",") if t.strip())
        if len(terms) < 2:
            raise ValueError(f"{path or synonyms_path()}:{number}: a synonym group needs at least two terms")
        groups.append(terms)
    return tuple(groups)


@lru_cache(maxsize=4)
def _lookup(path: str | None = None) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for group in load_groups(path):
        keys = [normalise(t) for t in group]
        for key in keys:
            bucket = table.setdefault(key, [])
            bucket.extend(k for k in keys if k != key and k not in bucket)
    return {k: tuple(v) for k, v in table.items()}


def expand(term: str) -> tuple[str, ...]:
    """Other spellings of `term` (normalised), not including the term itself."""
    return _lookup(str(synonyms_path())).get(normalise(term), ())


def solr_rules() -> list[str]:
    """The groups in the comma-separated form Elasticsearch's synonym filters accept."""
    return [", ".join(group) for group in load_groups(str(synonyms_path()))]
