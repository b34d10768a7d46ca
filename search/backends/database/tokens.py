"""Filter values as words: both database engines index them beside the text, so that scope and
filters are intersected inside the full-text index instead of being checked row by row.

"zzstatusclosed0": letters and digits only (no tokenizer splits it), ending in a digit so that no
stemmer changes it, and starting "zz" so that it never collides with a word anyone types (typed
words reach the engines quoted, and filter words are matched only in their own column or config).
"""
from __future__ import annotations

# criteria filter keys -> the token prefix each value is indexed under.
TOKEN_KEYS = {
    "harm": "harm", "status": "status", "event_type": "type", "learning_response": "response",
    "site": "site", "directorate": "dir", "location": "loc", "specialty": "spec", "theme": "theme",
}


def filter_token(key: str, value) -> str:
    return f"zz{TOKEN_KEYS[key]}{''.join(ch for ch in str(value).lower() if ch.isalnum())}0"


def document_tokens(d) -> str:
    """The filter words of one IncidentDocument, space separated."""
    values = [
        ("harm", d.harm), ("status", d.status), ("event_type", d.event_type),
        ("learning_response", d.learning_response or "none"), ("site", d.site_id), ("directorate", d.directorate_id),
        ("location", d.location_id), ("specialty", d.specialty_id or "none"), *(("theme", t.slug) for t in d.themes),
    ]
    return " ".join(filter_token(key, value) for key, value in values)


def filter_groups(criteria) -> tuple[list[list[str]], list[list[str]]] | None:
    """Scope and include/exclude filters as token groups: every `required` group must have one of its
    tokens, no `excluded` group may. None when they cannot all be tokens (a filter with no values
    matches nothing, which is left to SQL's "1 = 0")."""
    required, excluded = [], []
    scope = criteria.scope
    if not scope.everything:
        tokens = [filter_token("site", i) for i in sorted(scope.site_ids)]
        tokens += [filter_token("directorate", i) for i in sorted(scope.directorate_ids)]
        if not tokens:
            return None
        required.append(tokens)
    for key, values in criteria.filters.include:
        if not values:
            return None
        required.append([filter_token(key, v) for v in sorted(values, key=str)])
    for key, values in criteria.filters.exclude:
        excluded.append([filter_token(key, v) for v in sorted(values, key=str)])
    return required, excluded
