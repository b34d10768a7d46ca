"""The search box language: words, "exact phrases", -exclusions, OR, and field:value filters.

`parse(text)` never raises. Anything it cannot make sense of is searched as plain words and
reported in `ParsedQuery.warnings`, so that the page can say what it did instead.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from incidents.models import EventType, LearningResponse, Status

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
_WORD = re.compile(r"\w+", re.UNICODE)
_FIELD = re.compile(r"([A-Za-z_]+):")

# Names a user may type before the colon, and the filter each one means.
FIELD_ALIASES = {
    "theme": "theme",
    "themes": "theme",
    "harm": "harm",
    "location": "location",
    "loc": "location",
    "ward": "location",
    "site": "location",
    "directorate": "location",
    "status": "status",
    "type": "type",
    "event": "type",
    "after": "after",
    "since": "after",
    "from": "after",
    "before": "before",
    "until": "before",
    "to": "before",
    "specialty": "specialty",
    "response": "response",
    "learning": "response",
}
HARM_LEVELS = ("none", "low", "moderate", "severe", "fatal")


@dataclass(frozen=True)
class Term:
    """Words to find: one word, or several that must appear together as a phrase."""

    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class Clause:
    """A required part of the query: a match for any one of its terms satisfies it."""

    terms: tuple[Term, ...]


@dataclass(frozen=True)
class FieldFilter:
    field: str  # one of the values of FIELD_ALIASES
    value: str  # checked and normalised for closed vocabularies; names as typed otherwise
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...] = ()
    excluded: tuple[Term, ...] = ()
    filters: tuple[FieldFilter, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def has_text(self) -> bool:
        return bool(self.clauses or self.excluded)

    def terms(self) -> list[Term]:
        """Every positive term, for highlighting and the raw-engine comparison."""
        return [t for c in self.clauses for t in c.terms]


@dataclass
class _Token:
    kind: str  # "term", "or", "filter"
    words: tuple[str, ...] = ()
    negated: bool = False
    field: str = ""
    value: str = ""
    raw: str = ""


@dataclass
class _State:
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def words_of(text: str) -> tuple[str, ...]:
    """The lower-case word tokens of `text`; punctuation separates words and is otherwise ignored."""
    return tuple(_WORD.findall(text.lower()))


def parse(text: str | None) -> ParsedQuery:
    """Parse a search box query. Never raises; see the module docstring."""
    state = _State()
    text = (text or "").replace("\x00", " ")
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        state.warn(f"Only the first {MAX_QUERY_CHARS} characters of the query were used.")
    if text.count('"') % 2:
        state.warn("A quotation mark was not closed, so the query was searched as plain words.")
        tokens = [_Token("term", words=(w,)) for w in words_of(text)]
    else:
        tokens = _tokenise(text, state)
    return _assemble(tokens, state)


def _tokenise(text: str, state: _State) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        negated = False
        if text[i] == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
        field_match = _FIELD.match(text, i)
        if field_match and field_match.end() < n and not text[field_match.end()].isspace():
            name = field_match.group(1).lower()
            value, i = _read_value(text, field_match.end())
            raw = text[start:i]
            if name in FIELD_ALIASES:
                tokens.append(_Token("filter", negated=negated, field=FIELD_ALIASES[name], value=value.strip(), raw=raw))
            else:
                state.warn(f"'{name}:' is not a filter, so it was searched as words. Filters: {_filter_names()}.")
                tokens.append(_Token("term", words=words_of(f"{name} {value}"), negated=negated, raw=raw))
            continue
        if text[i] == '"':
            end = text.index('"', i + 1)  # quotes are balanced here
            tokens.append(_Token("term", words=words_of(text[i + 1 : end]), negated=negated, raw=text[start : end + 1]))
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        raw = text[i:j]
        if raw == "OR" and not negated:
            tokens.append(_Token("or", raw=raw))
        else:
            # "co-amoxiclav" or "03:00": the parts of one typed word belong together, as a phrase.
            tokens.append(_Token("term", words=words_of(raw), negated=negated, raw=raw))
        i = max(j, i + 1)
    return tokens


def _read_value(text: str, i: int) -> tuple[str, int]:
    if text[i] == '"':
        end = text.index('"', i + 1)
        return text[i + 1 : end], end + 1
    j = i
    while j < len(text) and not text[j].isspace() and text[j] != '"':
        j += 1
    return text[i:j], j


def _filter_names() -> str:
    return ", ".join(sorted(set(FIELD_ALIASES.values())))


def _assemble(tokens: list[_Token], state: _State) -> ParsedQuery:
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    filters: list[FieldFilter] = []
    pending_or = False
    term_count = 0
    for position, token in enumerate(tokens):
        if token.kind == "or":
            if not clauses or pending_or or position == len(tokens) - 1 or tokens[position + 1].kind != "term" or tokens[position + 1].negated:
                state.warn("'OR' needs a word or phrase on each side; it was ignored.")
            else:
                pending_or = True
            continue
        if token.kind == "filter":
            pending_or = False
            checked = _check_filter(token, state)
            if checked is not None:
                filters.append(checked)
            continue
        if not token.words:
            continue
        term_count += 1
        if term_count > MAX_TERMS:
            state.warn(f"Only the first {MAX_TERMS} words or phrases were used.")
            break
        term = Term(words=token.words)
        if token.negated:
            excluded.append(term)
        elif pending_or and clauses:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        pending_or = False
    return ParsedQuery(
        clauses=tuple(Clause(terms=tuple(dict.fromkeys(c))) for c in clauses),
        excluded=tuple(dict.fromkeys(excluded)),
        filters=tuple(dict.fromkeys(filters)),
        warnings=tuple(state.warnings),
    )


def _check_filter(token: _Token, state: _State) -> FieldFilter | None:
    name, value = token.field, token.value
    if not value:
        state.warn(f"'{token.raw}' has no value after the colon; it was ignored.")
        return None
    normalised = _normalise_value(name, value)
    if normalised is None:
        state.warn(f"'{token.raw}' was ignored: {_accepted(name)}")
        return None
    return FieldFilter(field=name, value=normalised, negated=token.negated)


def _slug(value: str) -> str:
    return "_".join(words_of(value))


def _normalise_value(name: str, value: str) -> str | None:
    if name == "harm":
        slug = _slug(value)
        return slug if slug in HARM_LEVELS else None
    if name == "status":
        return _choice(value, Status)
    if name == "type":
        return _choice(value, EventType)
    if name == "response":
        choice = _choice(value, LearningResponse)
        return choice or None
    if name in {"after", "before"}:
        parsed = parse_date(value)
        return parsed.isoformat() if parsed else None
    return value  # theme, location, specialty: names, resolved against the database later


def _choice(value: str, choices) -> str | None:
    slug = _slug(value)
    for member in choices:
        if slug and slug in {member.value, _slug(str(member.label))} or (slug and _slug(str(member.label)).startswith(slug + "_")):
            return member.value
    return None


def parse_date(value: str) -> dt.date | None:
    """YYYY-MM-DD, YYYY-MM (the first of the month) or YYYY (1 January); None if it is not a date."""
    value = value.strip()
    for pattern, fmt in ((r"\d{4}-\d{1,2}-\d{1,2}", "%Y-%m-%d"), (r"\d{4}-\d{1,2}", "%Y-%m"), (r"\d{4}", "%Y")):
        if re.fullmatch(pattern, value):
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                return None
    return None


def _accepted(name: str) -> str:
    if name == "harm":
        return "harm is one of " + ", ".join(HARM_LEVELS) + "."
    if name == "status":
        return "status is one of " + ", ".join(Status.values) + "."
    if name == "type":
        return "type is one of " + ", ".join(EventType.values) + "."
    if name == "response":
        return "response is one of " + ", ".join(v for v in LearningResponse.values if v) + "."
    return "dates are written YYYY-MM-DD, for example 2025-04-01."
