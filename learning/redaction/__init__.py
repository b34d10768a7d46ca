"""Redaction of patient and staff identifiers from free text.

`redact` is Vigil's configured redactor (VIGIL["REDACTOR"] = "learning.redaction.redact"); incidents.privacy
calls it for governance views and applies its own NHS-number baseline on top.
"""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .patterns import PLACEHOLDERS, Found

__all__ = ["PLACEHOLDERS", "Found", "find_identifiers", "get_pipeline", "redact", "rules_version"]

_lock = threading.Lock()
_pipeline = None


def get_pipeline():
    """The redaction pipeline, built once per process."""
    global _pipeline
    if _pipeline is None:
        with _lock:
            if _pipeline is None:
                from .pipeline import build

                _pipeline = build()
    return _pipeline


def find_identifiers(text: str, *, known: Iterable[str] = ()) -> list[Found]:
    """Where the identifiers are in `text`: non-overlapping (start, end, label) findings in order."""
    from .pipeline import find

    return find(get_pipeline(), text or "", known=list(known))


def redact(text: str, *, known: Iterable[str] = ()) -> str:
    """`text` with NHS numbers, hospital numbers, dates of birth, phone numbers, e-mail addresses, postcodes,
    street addresses and names replaced by typed placeholders such as "[NHS number]" and "[name]".

    `known` holds this record's own identifiers (NHS number, hospital number, the patient's name), which are
    removed wherever they appear, in any case or digit grouping.
    """
    text = text or ""
    out = []
    position = 0
    for found in find_identifiers(text, known=known):
        out.append(text[position : found.start])
        out.append(PLACEHOLDERS[found.label])
        position = found.end
    out.append(text[position:])
    return "".join(out)


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A fingerprint of everything that decides what is redacted: this package's code, the name lists and
    abbreviations it reads, and the corpus files whose vocabulary tells everyday words from names. It changes
    whenever any of them does, so text redacted and stored by older rules (the search index) can be found and
    redacted again (search.indexing.refresh_for_redaction)."""
    from .words import CORPUS_DIR, DATA_DIR, VOCABULARY_FILES

    here = Path(__file__).resolve().parent
    files = sorted(here.glob("*.py")) + [
        DATA_DIR / "first_names.txt", DATA_DIR / "family_names_first.txt", DATA_DIR / "abbreviations.json",
        *(CORPUS_DIR / name for name in VOCABULARY_FILES),
    ]
    digest = hashlib.sha1()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# incidents.privacy reads the configured redactor's rules version from here.
redact.rules_version = rules_version
