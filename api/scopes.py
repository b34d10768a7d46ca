"""What an API token may do. A token carries scopes; each endpoint says which scope a token needs for each method.

Scopes narrow, never widen: a request with a token must pass both the token's scopes and the role of the account
the token belongs to (incidents.access), exactly as on the web. Sessions (the web pages' own calls) carry no
scopes; the role alone decides.

Endpoints declare what they need with `token_scopes = {"GET": ..., "POST": ...}` or `token_scope = ...` for every
method (None: any valid token). An endpoint that declares nothing refuses tokens: see api.authentication.
"""
from __future__ import annotations

REPORT = "report"
INCIDENTS_READ = "incidents:read"
TRIAGE = "triage"
SEARCH = "search"
TRENDS = "trends"

SCOPES: dict[str, str] = {
    REPORT: "Submit reports; read the reports the account made",
    INCIDENTS_READ: "List and read incidents in the account's scope, with their timeline and LFPSE export",
    TRIAGE: "Triage: assign, change status, grade, record Duty of Candour, actions, duplicates and feedback",
    SEARCH: "Search incidents in the account's scope",
    TRENDS: "Read quality goals, measures and SPC results",
}
ALL = tuple(SCOPES)

_UNDECLARED = object()
_READS_AS_GET = {"HEAD", "OPTIONS"}


def needed(view_class, method: str):
    """The scope a token needs to call `method` on `view_class`: a scope name, None (any token), or UNDECLARED."""
    method = "GET" if method.upper() in _READS_AS_GET else method.upper()
    per_method = getattr(view_class, "token_scopes", None)
    if per_method is not None:
        return per_method.get(method, _UNDECLARED)
    return getattr(view_class, "token_scope", _UNDECLARED)


def is_declared(scope) -> bool:
    return scope is not _UNDECLARED


def unknown(scopes) -> list[str]:
    return sorted(set(scopes) - set(SCOPES))
