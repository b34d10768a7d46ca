"""Dates of birth: a full date after a cue ("DOB", "born", "b."), any full date long past, and a date written
among a person's details straight after their name ("Poppy Lindqvist 17/02/2018", "(Doris Atherton, 4/5/26)",
"baby Zara 7 wks (01/02/2026)").

The hard part is telling a date of birth from the date something happened, which staff write in the same
formats. A cue settles it; without one, the position (straight after a patient's name, among details) and
the date's age have to.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .lexicon import MONTH_ABBREVIATIONS, MONTH_NAMES
from .patterns import DOB, Found
from .words import OTHER_TITLES, STAFF_ROLES

_MONTHS = "|".join(MONTH_ABBREVIATIONS + MONTH_NAMES)
_DATE = re.compile(
    # The lookahead rejects most positions with one character test before the alternatives are tried.
    # (a slash may come before it after a letter or space: "Adelaide Osei/12.12.1940/M778211")
    r"(?<![\d.-])(?<!\d/)(?=[\dJFMASONDjfmasond])(?:"
    # one separator throughout ("12.5/50" is a dose: Sinemet 12.5/50)
    r"(?P<d1>\d{1,2})(?P<sep1>[/.-])(?P<m1>\d{1,2})(?P=sep1)(?P<y1>\d{4}|\d{2})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|[-/.])(?P<m2>{_MONTHS})\.?(?:,?\s+|[-/.])(?P<y2>\d{{4}}|'?\d{{2}})"
    rf"|(?P<m3>{_MONTHS})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})"
    r"|(?P<y4>\d{4})(?P<sep>[-/.])(?P<m4>\d{1,2})(?P=sep)(?P<d4>\d{1,2})"
    # spaces around the separators, as some systems print it ("11 / 06 / 1958")
    r"|(?P<d5>\d{1,2})\s(?P<sep5>[-/.])\s(?P<m5>\d{1,2})\s(?P=sep5)\s(?P<y5>\d{4})"
    # no separators ("150345", "15031945") or spaces alone ("15 03 1945"): a date of birth only straight after
    # its cue (see _COMPACT_CUE), as elsewhere these are counts, times and codes
    r"|(?P<d6>\d{2})(?P<m6>\d{2})(?P<y6>\d{4}|\d{2})"
    r"|(?P<d7>\d{1,2})\s(?P<m7>\d{1,2})\s(?P<y7>\d{4})"
    # not run on into more digits, nor a slash and digits ("12.5/50"); a slash and letters is the next detail on a
    # printout ("DOB:03.11.48/NHS:...")
    r")(?!\d|/\d)",
    re.IGNORECASE,
)
# "DOB12/03/47" and "dobs" too: the cue needs no word boundary before a digit.
_DOB_CUE = re.compile(
    r"(?:\bd\.?\s?o\.?\s?b(?:s|'s)?(?![a-z])\.?|\bdate\s+of\s+birth\b|\bborn\b|\bbirth\s*date\b|\bb\.\s)", re.IGNORECASE
)
# A compact date is a date of birth only with nothing but a colon or dash between it and its cue.
_COMPACT_CUE = re.compile(r"(?:\bd\.?\s?o\.?\s?b|\bborn|\bdate\s+of\s+birth)\.?\s*[:=-]?\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]|\n")
LONG_AGO_YEARS = 10
# A date written with full stops or hyphens straight after a slash, and the hospital number before the slash.
_SLASH_DATE = re.compile(r"/(\d{1,2}[.-]\d{1,2}[.-](?:\d{4}|\d{2}))(?!\d|[./-]\d)")
_ID_BEFORE_SLASH = re.compile(r"\b[A-Za-z]{1,4}\d{5,10}[A-Z]?$")
_AFTER_ID_NUMBER = re.compile(r"(?:\b[A-Z]{1,3}\d{6,8}[A-Z]?|\b\d{3}[ -]?\d{3}[ -]?\d{4})[ \t]*[,(/-]?[ \t]*$")


def _year(value: str, today: dt.date) -> int:
    value = value.lstrip("'")
    if len(value) == 4:
        return int(value)
    year = 2000 + int(value)
    return year - 100 if year > today.year else year


def _parse(m: re.Match, today: dt.date) -> dt.date | None:
    g = m.groupdict()
    try:
        if g["d1"]:
            day, month = _day_month(g)
            return dt.date(_year(g["y1"], today), month, day)
        if g["d2"]:
            return dt.date(_year(g["y2"], today), _month(g["m2"]), int(g["d2"]))
        if g["m3"]:
            return dt.date(int(g["y3"]), _month(g["m3"]), int(g["d3"]))
        if g["d5"]:
            return dt.date(int(g["y5"]), int(g["m5"]), int(g["d5"]))
        if g["d6"]:
            return dt.date(_year(g["y6"], today), int(g["m6"]), int(g["d6"]))
        if g["d7"]:
            return dt.date(int(g["y7"]), int(g["m7"]), int(g["d7"]))
        return dt.date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
    except ValueError:
        return None


def _plausible(m: re.Match) -> bool:
    """Day and month numbers a person could have typed for a date of birth, whether or not the date exists."""
    g = m.groupdict()
    if g["d1"]:
        day, month = _day_month(g)
        return 1 <= day <= 31 and 1 <= month <= 12
    for d, mo in (("d5", "m5"), ("d6", "m6"), ("d7", "m7"), ("d4", "m4")):
        if g[d]:
            return 1 <= int(g[d]) <= 31 and 1 <= int(g[mo]) <= 12
    return False


def _day_month(g: dict) -> tuple[int, int]:
    """Day and month of a numeric date written day first, or month first when the day cannot be a month
    ("06/21/2011", as Americans write it: a US service family's child)."""
    day, month = int(g["d1"]), int(g["m1"])
    return (month, day) if month > 12 >= day else (day, month)


def _two_digit_year(m: re.Match) -> bool:
    year = m.group("y1") or m.group("y2") or m.group("y6") or ""
    return len(year.lstrip("'")) == 2


def _month(name: str) -> int:
    return [m for m in MONTH_ABBREVIATIONS if len(m) == 3].index(name[:3].lower()) + 1


def _cue_only(m: re.Match) -> bool:
    """Forms that are a date only straight after a cue: no separators, or spaces alone."""
    return bool(m.group("d6") or m.group("d7"))


def find_dates_of_birth(text: str, *, today: dt.date | None = None) -> Iterator[Found]:
    """A full date after a date-of-birth cue in the same sentence, or any full date LONG_AGO_YEARS or more ago."""
    today = today or dt.date.today()
    for m in _DATE.finditer(text):
        date = _parse(m, today)
        if date is None and not _plausible(m):
            continue
        before = text[max(0, m.start() - 60) : m.start()]
        if _cue_only(m) and not _COMPACT_CUE.search(before):
            continue
        cue = None
        for cue in _DOB_CUE.finditer(before):
            pass
        cued = cue is not None and not _SENTENCE_END.search(before[cue.end() :])
        # "pt CH120994, 17/04/2022", "RX1234567 (3.2.51)": a date straight after a hospital or NHS number, as
        # labels print a patient's details
        cued = cued or (date is not None and _AFTER_ID_NUMBER.search(before) is not None)
        # A date that does not exist ("DOB typed as 29.2.1963", in error) counts after its cue only.
        if cued or (date is not None and date.year <= today.year - LONG_AGO_YEARS):
            yield Found(m.start(), m.end(), DOB)
    # "Chidi Okonkwo/RBN0043712/17.04.1960": a date joined by a slash to the hospital number before it, which the
    # search above passes over (a slash after a digit is usually inside a code or a dose)
    if "/" in text:
        for m in _SLASH_DATE.finditer(text):
            date = _DATE.fullmatch(m.group(1))
            if date and _ID_BEFORE_SLASH.search(text, 0, m.start()) and (_parse(date, today) or _plausible(date)):
                yield Found(m.start(1), m.end(1), DOB)


# A full date straight after a person's name is their date of birth, by the way staff write a patient's
# details ("Poppy Lindqvist 17/02/2018", "Ida Moss (2019-04-02)"); an incident date is not written there.
# A date under a year old may still be when something happened, so only an older one (and none before anyone
# alive was born), with two exceptions below: an age between name and date, and a two-digit year in brackets.
# Not after a staff name ("seen by Dr Shah 03/04/2025" dates the review).
DOB_AFTER_NAME_DAYS = 365
_ADULT_TITLE = re.compile(r"\b(?:mr|mrs|ms)\.?\s*$", re.IGNORECASE)
# An age between the name and the date ("baby Zara 7 wks (01/02/2026)", "Ivy Holt aged 94, 3/4/32").
_AGE = r"(?:aged?\s*\d{1,3}(?:\s*(?:yrs?|years?|yo|y/o))?|\d{1,3}\s*-?\s*(?:yo|y/o|yrs?|years?|wks?|weeks?|days?|mths?|months?)(?:\s*-?\s*old)?)(?![\w/])"
# ("Adelaide Osei/12.12.1940/M778211": a header's details joined by slashes)
_AFTER_NAME = re.compile(rf"[ \t]*(?P<sep>[,(:/-]?)[ \t]*(?:(?P<age>{_AGE})[ \t]*(?P<age_sep>[,(:-]?)[ \t]*)?", re.IGNORECASE)
_STAFF_WORDS = sorted({re.escape(w.lower()) for w in STAFF_ROLES + OTHER_TITLES + ["by", "per"]})
_STAFF_NAME_CUE = re.compile(r"\b(?:" + "|".join(_STAFF_WORDS) + r")\.?\s*$", re.IGNORECASE)
# Words that make the person a child, for whom a two-digit year is this century ("baby Alfie (3/2/26)").
_CHILD_CUE = re.compile(
    r"\b(?:baby|babies|infant|neonate|neonatal|newborn|new-born|child|toddler|boy|girl|paeds|paediatric|nicu|scbu|"
    r"wks?|weeks?|days?|mths?|months?)\b",
    re.IGNORECASE,
)


def _in_brackets(text: str, start: int, sep: str, date_end: int) -> bool:
    """Whether the date is among details in brackets with the name: "(Doris Atherton, 4/5/26)" or
    "Doris Atherton (4/5/26)", closed (or listed on) straight after the date."""
    opened = sep == "(" or (sep == "," and text[max(0, start - 2) : start].rstrip().endswith("("))
    return opened and re.match(r"\s*[),;]", text[date_end:]) is not None


def find_dates_after_names(text: str, names: list[tuple[int, int]], *, today: dt.date | None = None) -> Iterator[Found]:
    """Dates of birth written straight after one of the `names` (character spans), with no cue."""
    today = today or dt.date.today()
    recent = today - dt.timedelta(days=DOB_AFTER_NAME_DAYS)
    for start, end in names:
        after = _AFTER_NAME.match(text, end)
        m = _DATE.match(text, after.end())
        if m is None or _cue_only(m) or _STAFF_NAME_CUE.search(text[max(0, start - 20) : start]):
            continue
        date = _parse(m, today)
        if date is None or date.year < today.year - 120:
            continue
        if after.group("age"):
            # "baby Zara 7 wks (01/02/2026)": name, age and a date set off after them is how a patient's details
            # are written, so the date is a date of birth however recent; never one still to come, nor a recent
            # one after an age in years ("Ivy Holt aged 94, 12/11/2026" dates an event).
            adult = re.search(r"\d\s*-?\s*(?:yo|y/o|yrs?|years?)|aged?\s*\d{1,3}$", after.group("age"), re.IGNORECASE)
            set_off = after.group("age_sep") in ("(", ",")
            if set_off and date <= today and not (adult and date > recent):
                yield Found(m.start(), m.end(), DOB)
            continue
        if date > recent and _two_digit_year(m) and _in_brackets(text, start, after.group("sep"), m.end()):
            # "(Doris Atherton, 4/5/26)": a two-digit year that would be this year or next is, among a
            # person's details, a birth year a century back, unless the person is a child.
            if _CHILD_CUE.search(text[max(0, start - 40) : start]):
                continue
            date = dt.date(date.year - 100, date.month, 28 if (date.month, date.day) == (2, 29) else date.day)
        if date > recent:
            # "baby Tyler-James Hext 02/01/2026, 16 Foxhole Rd": a baby's recent date among its details (set off by
            # a comma, slash or bracket after it, or its hospital number: "baby Ayaan Malik 01/03/2026 NN26-0302")
            # is its date of birth
            child = _CHILD_CUE.search(text[max(0, start - 40) : start])
            if child and date <= today and re.match(r"[ \t]*(?:[,;/)]|[A-Z]{1,3}\d{2})", text[m.end() :]):
                yield Found(m.start(), m.end(), DOB)
            continue
        # An adult's title with a child's date ("Mrs Khan 04/03/2024") is more likely a date something happened.
        if date.year > today.year - 16 and _ADULT_TITLE.search(text[max(0, start - 6) : start]):
            continue
        yield Found(m.start(), m.end(), DOB)
