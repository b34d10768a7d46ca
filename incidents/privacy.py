"""Patient identifiers: validation and a dependable minimum of redaction.

The learning app supplies a fuller redactor (names, addresses, dates of birth) through the
VIGIL["REDACTOR"] setting; this module is the fallback that always removes NHS numbers and the
record's own known identifiers.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

import nhs_number
from django.conf import settings
from django.utils.module_loading import import_string

NHS_NUMBER_PLACEHOLDER = "[NHS number]"
IDENTIFIER_PLACEHOLDER = "[identifier]"

# Ten digits, optionally grouped 3-3-4 with spaces or hyphens, not part of a longer number.
_NHS_CANDIDATE = re.compile(r"(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")


def normalise_nhs_number(value: str) -> str:
    """Digits only. Raises ValueError with a message a reporter can act on."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) != 10:
        raise ValueError("Enter the NHS number as 10 digits, for example 943 476 5919.")
    if not nhs_number.is_valid(digits):
        raise ValueError("This is not a valid NHS number: the check digit does not match. Check it and try again.")
    return digits


def redact_nhs_numbers(text: str) -> str:
    def replace(match: re.Match) -> str:
        digits = "".join(match.groups())
        return NHS_NUMBER_PLACEHOLDER if nhs_number.is_valid(digits) else match.group(0)

    return _NHS_CANDIDATE.sub(replace, text)


def redact_text(text: str, *, known: Iterable[str] = ()) -> str:
    """Remove NHS numbers (check digit valid) and any of the record's own known identifiers."""
    out = redact_nhs_numbers(text or "")
    for value in known:
        value = (value or "").strip()
        if len(value) >= 3:
            out = re.sub(re.escape(value), IDENTIFIER_PLACEHOLDER, out, flags=re.IGNORECASE)
    return out


@lru_cache(maxsize=1)
def _configured_redactor():
    return import_string(settings.VIGIL["REDACTOR"])


# Bump when redact_text's own rules change (the configured redactor's version is read from it).
BASELINE_VERSION = "1"


def redaction_version() -> str:
    """Which rules redact text now: the configured redactor, its own rules version if it declares one (a
    `rules_version` callable on the function), and this module's baseline. Stored text redacted under another
    version is out of date (search.indexing.refresh_for_redaction)."""
    redactor = _configured_redactor()
    declared = getattr(redactor, "rules_version", None)
    parts = [settings.VIGIL["REDACTOR"], declared() if callable(declared) else "", BASELINE_VERSION]
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


def redact(text: str, *, known: Iterable[str] = ()) -> str:
    """Redact with the configured redactor, and always apply the baseline on top."""
    redactor = _configured_redactor()
    result = redactor(text, known=list(known))
    if redactor is not redact_text:
        result = redact_text(result, known=known)
    return result
