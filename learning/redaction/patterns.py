"""Identifiers with a shape: regular expressions that find candidates and validators that keep only real ones.

Each finder takes the text and yields Found(start, end, label). The validators are what keep clinical text
intact: an NHS number must pass its check digit (unless the writer said it was one), a postcode must start
with a real UK postcode area, a phone number must have a UK length and prefix, a date is a date of birth only
after a cue ("DOB", "born") or when it is long past.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import nhs_number

NHS_NUMBER = "NHS_NUMBER"
HOSPITAL_NUMBER = "HOSPITAL_NUMBER"
DOB = "DOB"
PHONE = "PHONE"
EMAIL = "EMAIL"
POSTCODE = "POSTCODE"
ADDRESS = "ADDRESS"
NAME = "NAME"

PLACEHOLDERS = {
    NHS_NUMBER: "[NHS number]",
    HOSPITAL_NUMBER: "[hospital number]",
    DOB: "[date of birth]",
    PHONE: "[phone]",
    EMAIL: "[email]",
    POSTCODE: "[postcode]",
    ADDRESS: "[address]",
    NAME: "[name]",
}
# When two findings overlap and are equally long, the more specific wins.
PRIORITY = {EMAIL: 0, NHS_NUMBER: 1, PHONE: 2, HOSPITAL_NUMBER: 3, POSTCODE: 4, DOB: 5, ADDRESS: 6, NAME: 7}


@dataclass(frozen=True, order=True)
class Found:
    start: int
    end: int
    label: str


# --- NHS numbers --------------------------------------------------------------------------------------------
# Ten digits, usually grouped 3-3-4 but written every way (4-3-3, 5-5, pairs); a separator is one space or hyphen.
_TEN_DIGITS = re.compile(r"(?<![\d-])\d(?:[ -]?\d){9}(?![\d])")
_NHS_CUE = re.compile(r"\bnhs\s*(?:no|num|number|#)?\.?\s*[:=-]?\s*$", re.IGNORECASE)


def find_nhs_numbers(text: str) -> Iterator[Found]:
    """Ten digits (grouped 3-3-4 or not) with a valid check digit, or any ten digits right after "NHS no"."""
    for m in _TEN_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if nhs_number.is_valid(digits) or _NHS_CUE.search(text[max(0, m.start() - 20) : m.start()]):
            yield Found(m.start(), m.end(), NHS_NUMBER)


# --- Hospital numbers (MRNs) --------------------------------------------------------------------------------
# Trust-style MRNs: one to three capital letters then six to eight digits (RX1234567, RXN1234567, K123456).
_MRN_SHAPE = re.compile(r"(?<![\w/])([A-Z]{1,3})(\d{6,8})(?![\w/])")
# Any number of five to ten characters right after a cue such as "hospital no", "MRN", "unit number".
_MRN_CUE = re.compile(
    r"\b(?:hospital|hosp|unit|case\s?note|casenote|patient|pt|mrn|crn|rtt|pas|k)\s*(?:no|num|number|#|id)?\.?\s*[:=-]?\s*"
    r"(?P<value>(?=[A-Z0-9]*\d)[A-Z]{0,3}\d[\dA-Z]{4,9})(?![\w/])",
    re.IGNORECASE,
)
_MRN_CUE_WORD = re.compile(r"\b(?:hospital|hosp|unit|case\s?note|casenote|mrn|crn)\b", re.IGNORECASE)
_NOT_MRN_PREFIX = {"INC", "REF", "TEL", "NHS", "DOB", "ID"}


def find_hospital_numbers(text: str) -> Iterator[Found]:
    for m in _MRN_SHAPE.finditer(text):
        if m.group(1) not in _NOT_MRN_PREFIX:
            yield Found(m.start(), m.end(), HOSPITAL_NUMBER)
    for m in _MRN_CUE.finditer(text):
        cue = text[m.start() : m.start("value")]
        # "pt 1234567" alone is too weak (bed or bay counts); those cue words need "no"/"number"/"id".
        if _MRN_CUE_WORD.search(cue) or re.search(r"(?:no|num|number|#|id)\.?\s*[:=-]?\s*$", cue, re.IGNORECASE):
            yield Found(m.start("value"), m.end("value"), HOSPITAL_NUMBER)


# --- Phone numbers ------------------------------------------------------------------------------------------
_PHONE = re.compile(r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)(?:\d[\s-]?\)?[\s-]?){8,10}\d(?![\d])")


def _phone_digits(candidate: str) -> str:
    digits = re.sub(r"\D", "", candidate)
    if candidate.lstrip().startswith("+44"):
        digits = "0" + digits[2:].lstrip("0")
    return digits


def find_phone_numbers(text: str) -> Iterator[Found]:
    """UK numbers: 01/02/03 landlines, 07 mobiles, 08 freephone; with +44 or (0) forms and any grouping
    except runs of four-digit groups, which are clock times ("0200 0400 0600")."""
    for m in _PHONE.finditer(text):
        candidate = m.group(0)
        digits = _phone_digits(candidate)
        if len(digits) not in (10, 11) or digits[1] not in "12378":
            continue
        groups = [g for g in re.split(r"[\s\-()]+", candidate) if g and g != "+44"]
        if len(groups) > 1 and all(len(g) == 4 for g in groups):
            continue
        if len(digits) == 10 and nhs_number.is_valid(digits) and "+" not in candidate and "(" not in candidate:
            continue  # an NHS number, found as such
        yield Found(m.start(), m.end(), PHONE)


# --- E-mail addresses ---------------------------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def find_emails(text: str) -> Iterator[Found]:
    for m in _EMAIL.finditer(text):
        yield Found(m.start(), m.end(), EMAIL)


# --- Postcodes ----------------------------------------------------------------------------------------------
POSTCODE_AREAS = set(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX "
    "FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE "
    "NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ "
    "TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE".split()
)
_POSTCODE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,2})(\d[A-Za-z\d]?)(\s*)(\d)([A-Za-z]{2})(?![A-Za-z0-9])")
_INWARD_LETTERS = set("ABDEFGHJLNPQRSTUWXYZ")  # never C, I, K, M, O or V


def find_postcodes(text: str) -> Iterator[Found]:
    """Full UK postcodes whose area exists and whose inward letters are allowed, written in one case."""
    for m in _POSTCODE.finditer(text):
        area, district, space, sector, unit = m.groups()
        whole = m.group(0)
        if area.upper() not in POSTCODE_AREAS or not set(unit.upper()) <= _INWARD_LETTERS:
            continue
        if not (whole.isupper() or whole.islower()) or (not space and not whole.isupper()):
            continue
        yield Found(m.start(), m.end(), POSTCODE)


# --- Dates of birth -----------------------------------------------------------------------------------------
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december"
_DATE = re.compile(
    r"(?<![\d/.-])(?:"
    r"(?P<d1>\d{1,2})[/.-](?P<m1>\d{1,2})[/.-](?P<y1>\d{4}|\d{2})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTHS})\.?,?\s+(?P<y2>\d{{4}}|'?\d{{2}})"
    rf"|(?P<m3>{_MONTHS})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})"
    r"|(?P<y4>\d{4})-(?P<m4>\d{2})-(?P<d4>\d{2})"
    r")(?![\d/])",
    re.IGNORECASE,
)
_DOB_CUE = re.compile(r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bborn\b|\bbirth\s*date\b|\bb\.\s)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]|\n")
LONG_AGO_YEARS = 10


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
            return dt.date(_year(g["y1"], today), int(g["m1"]), int(g["d1"]))
        if g["d2"]:
            return dt.date(_year(g["y2"], today), _month(g["m2"]), int(g["d2"]))
        if g["m3"]:
            return dt.date(int(g["y3"]), _month(g["m3"]), int(g["d3"]))
        return dt.date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
    except ValueError:
        return None


def _month(name: str) -> int:
    return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].index(name[:3].lower()) + 1


def find_dates_of_birth(text: str, *, today: dt.date | None = None) -> Iterator[Found]:
    """A full date after a date-of-birth cue in the same sentence, or any full date LONG_AGO_YEARS or more ago."""
    today = today or dt.date.today()
    for m in _DATE.finditer(text):
        date = _parse(m, today)
        if date is None:
            continue
        before = text[max(0, m.start() - 60) : m.start()]
        cue = None
        for cue in _DOB_CUE.finditer(before):
            pass
        cued = cue is not None and not _SENTENCE_END.search(before[cue.end() :])
        if cued or date.year <= today.year - LONG_AGO_YEARS:
            yield Found(m.start(), m.end(), DOB)


# --- Street addresses ---------------------------------------------------------------------------------------
_STREET_TYPES = (
    "road|rd|street|st|avenue|ave|lane|ln|close|drive|way|crescent|court|place|gardens|grove|terrace|hill|"
    "park|view|walk|square|mews|row|rise|green|parade|gate|fold|croft|vale|boulevard|wynd|brow"
)
_STRONG_STREET_TYPES = {"road", "street", "avenue", "lane", "close", "drive", "crescent", "gardens", "terrace", "grove", "mews"}
_ADDRESS = re.compile(
    r"(?<![\w/])(?:(?:flat|apartment|apt)\s+\d+[a-z]?,?\s+(?:\d{1,4}[a-z]?,?\s+)?|\d{1,4}[a-z]?,?\s+)"
    r"(?P<words>(?:[A-Za-z][A-Za-z'-]+\s+){1,3})"
    rf"(?P<type>{_STREET_TYPES})\b\.?",
    re.IGNORECASE,
)
_NOT_STREET_WORDS = {
    "the", "a", "an", "in", "on", "at", "to", "of", "and", "or", "for", "from", "by", "with", "down", "up", "into",
    "bed", "beds", "bay", "ward", "hours", "hrs", "mins", "minutes", "days", "weeks", "units", "mg", "times",
    "patients", "pts", "staff", "nurses", "people", "miles", "metres", "floor", "level", "side",
}


def find_addresses(text: str) -> Iterator[Found]:
    """A house number, up to three words and a street type ("14 Acacia Avenue", "Flat 3, 22 Mill Lane"),
    with any following ", Town" words that start with a capital. Lower-case addresses need a strong street
    type (road, street, avenue...) so that "2 bags in the park" is left alone."""
    for m in _ADDRESS.finditer(text):
        words = m.group("words").split()
        street_type = m.group("type").lower()
        if any(w.lower() in _NOT_STREET_WORDS for w in words):
            continue
        capitalised = all(w[0].isupper() for w in words) and m.group("type")[0].isupper()
        if not capitalised and street_type not in _STRONG_STREET_TYPES:
            continue
        end = m.end()
        town = re.match(r",?\s+(?:[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?)(?=[,.\s]|$)", text[end:])
        if town and town.group(0).strip(" ,") not in {"Ward", "Bay", "Pt", "Patient", "The", "He", "She", "They"}:
            end += town.end()
        yield Found(m.start(), end, ADDRESS)


FINDERS = (find_emails, find_nhs_numbers, find_phone_numbers, find_hospital_numbers, find_postcodes, find_dates_of_birth, find_addresses)
