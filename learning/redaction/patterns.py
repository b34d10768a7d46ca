"""Identifiers with a shape: regular expressions that find candidates and validators that keep only real ones.

Each finder takes the text and yields Found(start, end, label). The validators are what keep clinical text
intact: an NHS number must pass its check digit (unless the writer said it was one), a postcode must start
with a real UK postcode area, a phone number must have a UK length for its prefix. Dates of birth are in
learning.redaction.dates, street addresses in learning.redaction.addresses.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import nhs_number

from .lexicon import LETTER_WORDS, MONTH_ABBREVIATIONS
from .words import abbreviations, common_words

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
# A date's year is never the start of one ("14/05/1949 943-476-5919").
# (after a word and a slash too: "Leonard Firth/6240981753"), never from inside a code that starts with a letter
# ("W1109873 484 661 3038": "1109873 484" passes the check digit by chance)
_TEN_DIGITS = re.compile(r"(?<![\dA-Za-z-])(?<!\d/)\d(?:[ -]?\d){9}(?![\d])")
_NHS_CUE = re.compile(r"\bnhs\s*(?:no|num|number|#)?\.?\s*[:=-]?\s*$", re.IGNORECASE)
# A year written after its month ("12th Jan 1950", "March 1950"), which ten digits must not start from.
_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")
_MONTH_BEFORE = re.compile(r"\b(?:" + "|".join(MONTH_ABBREVIATIONS) + r")[a-z]*\.?[ -]$", re.IGNORECASE)
# A number the writer says is something else: an order, batch, invoice or serial number is not a patient's.
_OTHER_NUMBER_CUE = re.compile(
    r"\b(?:order|po|purchase|batch|lot|invoice|inv|serial|job|ticket|ref|reference|requisition|tracking|barcode|"
    r"catalogue|cat|product|item|stock|account|acct|receipt|datix|incident|inc|bleep|ext|extension|device|asset)"
    r"\s*(?:no|num|number|#|code|ref|id|tag)?\.?\s*[:=(-]?\s*$"
    # a referral's, claim's or complaint's own number, only when called one ("referral no. ASC-228194"; not "NHS
    # number on the referral (475 ...)")
    r"|\b(?:referral|case|claim|complaint|safeguarding|report)\s*(?:no|num|number|#|ref|id)\.?\s*[:=(-]?\s*$",
    re.IGNORECASE,
)


def is_other_number(text: str, start: int) -> bool:
    """Whether the number at `start` follows an order/batch/invoice/serial/job/reference cue, directly or as the
    next in a list after one ("Ref W118902 and W120341")."""
    before = text[max(0, start - 30) : start]
    if _OTHER_NUMBER_CUE.search(before):
        return True
    listed = _LISTED_AFTER.search(before)
    if listed is None:
        return False
    first = start - len(listed.group(0))
    return bool(_OTHER_NUMBER_CUE.search(text[max(0, first - 30) : first]))


_LISTED_AFTER = re.compile(r"[A-Za-z]{0,4}[-/]?\d[\w/-]*\s*(?:,|and|&|/)\s*$")


def has_nhs_check_digit(digits: str) -> bool:
    """Whether ten digits end in a valid NHS modulus 11 check digit, whatever range they are in.

    `nhs_number.is_valid` (right for validating what a person types in a form) also rejects numbers in the
    Scottish CHI range whose first six digits are no calendar date. A redactor should not: a number that merely
    looks like a patient's is still taken out, and "mum 215-160-2761" is one whatever its first digits say.
    """
    return len(digits) == 10 and digits.isdigit() and nhs_number.calculate_checksum(digits[:9]) == int(digits[9])


def find_nhs_numbers(text: str) -> Iterator[Found]:
    """Ten digits (grouped 3-3-4 or not) with a valid check digit, or any ten digits right after "NHS no";
    never a number after an order, batch, invoice, serial or reference cue."""
    position = 0
    while m := _TEN_DIGITS.search(text, position):
        digits = re.sub(r"\D", "", m.group(0))
        before = text[max(0, m.start() - 20) : m.start()]
        if _YEAR.match(m.group(0)) and _MONTH_BEFORE.search(before):
            # "12th Jan 1950 650 219 4370": the year ends a written date; the number starts after it
            position = m.start() + 1
            continue
        if _NHS_CUE.search(before) or (has_nhs_check_digit(digits) and not is_other_number(text, m.start())):
            yield Found(m.start(), m.end(), NHS_NUMBER)
            position = m.end()
        else:
            # Ten digits that are no NHS number may take in a time or count written before one ("found 0610
            # 943 476 5919" reads "0610 943 476" first): look again from the next digit.
            position = m.start() + 1


# --- Hospital numbers (MRNs) --------------------------------------------------------------------------------
# Trust-style MRNs: one to three capital letters then six to eight digits (RX1234567, RXN1234567, K123456),
# optionally with a closing check letter (A123456B; National Insurance numbers have the same shape).
# Two such numbers may be written with a slash between them, or after a name and a date on a label ("PATEL R/
# 12.06.55/R0987334", "RWD4471203/RWD4471230"), but not inside a dated code ("X/26/004417").
# After a word of three letters or more and a slash it is one of a patient's details ("Chidi Okonkwo/RBN0043712");
# after one or two letters and a slash it is part of a longer code.
# A slash and a date may follow ("/17.04.1960"), a slash and a plain number not ("R1234567/26": part of a code).
_MRN_SHAPE = re.compile(
    r"\b(?<!\b[A-Za-z]/)(?<!\b[A-Za-z]{2}/)([A-Z]{1,3}|[A-Z]\d[A-Z])(\d{6,8})[A-Z]?\b(?!/\d+(?![\d.-]))"
)  # (a trust code with a digit, "R0A4421903")
# The same typed in lower case ("rh5540032", "j4829137"): seven or eight digits, as six are too often something
# else in lower case.
_MRN_SHAPE_LOWER = re.compile(r"\b(?<![A-Za-z]/)([a-z]{1,3})(\d{7,8})\b(?!/\d)")
# Words in lower case before a number that are no trust's code ("was 1234567", "tel 2234567").
_NOT_CODE_WORDS = {
    "was", "is", "are", "had", "has", "of", "for", "the", "tel", "ext", "fax", "mob", "call", "dial", "ring", "from",
    "with", "via", "code", "pin", "ref", "job", "lot", "po", "inv", "id", "acc", "sort", "cost", "room", "bleep",
    # the hospital-number cues themselves, whose number the cue rules take
    "hn", "mrn", "crn", "pas", "hosp", "num", "unit",
    # observations and results written before their values ("HR 110 120", "BP 120 80")
    "hr", "bp", "rr", "gcs", "bm", "bms", "hb", "inr", "crp", "wcc", "pr", "sats", "news", "map", "temp", "plt",
}
# A patient's code with a separator straight after "pt" ("Pt k/0394/22", "pt gu-44810", "Pt SHN/2291"): letters
# first, then digits; a bed, dose or score is not written so.
_PT_CODE = re.compile(r"\b(?:[Pp]t|[Pp]atient)\s+(?P<value>[A-Za-z]{1,4}[/-]\d{3,8}(?:[/-]\d{2,4})?)(?![\w/-])")
_FIVE_DIGITS = re.compile(r"\d{5}|\d{3}[ -]\d{4}")
_THREE_AND_THREE = re.compile(r"\d{2,4}[ -]\d{3}|\d{4}[ -]\d\d\b")
_NEXT_LISTED = re.compile(r"\s*(?:/|,|&|and)\s*([A-Z]{0,4}\d[\dA-Z]{4,11})(?![\w/])")
_NUMBER_CUE_BEFORE = re.compile(r"\b(?:hosp|hospital|mrn|no|number)\W*$", re.IGNORECASE)
# A maternity or year-coded number ("MAT/26/004417", "NN-25-01932"): letters, a two-digit year, five to eight digits
# (an estates or incident reference has four: "E-26-0142").
_MRN_YEAR_CODED = re.compile(r"\b(?<![/-])([A-Z]{1,4})([/-])\d{2}\2\d{5,8}(?![\w/-])")
# Numbers given in a year's series, the year against the letters ("NN26-0411" for a neonatal unit's 411th baby
# of 2026): two or three capitals, the year's two digits, a hyphen, four to six digits.
_MRN_YEAR_PREFIXED = re.compile(r"(?<![\w/-])([A-Z]{2,3})\d{2}-\d{4,6}(?![\w/-])")
# Any number of five to ten characters right after a cue such as "hospital no", "MRN", "unit number".
_MRN_CUE = re.compile(
    r"\b(?=[hupcmrkHUPCMRK])(?:hospital|hosp|unit|case\s?note|casenote|patient|pt|mrn|crn|rtt|pas|k|hn|h/n)\s*(?:nos|no|num|number|#|id)?\.?\s*[:=-]?\s*"
    r"(?P<value>(?=[A-Z0-9/-]*\d)(?:[A-Z]{1,4}[/-])?[A-Z]{0,3}\d[\dA-Z]{4,9})(?![\w/])",
    re.IGNORECASE,
)
# Trust prefixes with a separator (RVJ-883421, MAT-204917, M/0049281, RJ1-558231): letters (or a trust code with
# a digit, as in _MRN_SPACED_CODE), "-" or "/", six to eight digits.
# The number may carry a check digit ("RBD-002914-7") or be printed in two groups ("M/0931-4417", "QE/0812 337";
# not two years, "FY/2025-2026").
# What follows the first digit of an NHS number printed in its groups ("459 220 3186"): the numbers below may run
# on into one, as on an addressograph label, and still be a hospital number.
_NHS_GROUPS_REST = r"\d\d[ -]\d{3}[ -]\d{4}\b"
# A date straight after a number ("1961-09-03", "3/9/61"): the next of a patient's details, not more of the number.
_DATE_AHEAD = r"(?:\d{4}-\d\d-\d\d|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b"
_MRN_SEPARATED = re.compile(
    r"(?<![\w/-])([A-Z]{1,4}|[A-Z]{2}\d|[A-Z]\d[A-Z])[-/]"
    rf"(\d{{6,8}}(?:-\d)?|(\d{{3,4}})[- ](\d{{3,4}})(?!\s(?!\d{_NHS_GROUPS_REST}|{_DATE_AHEAD})\d))(?![\w/-])"
)
# A single capital letter, a space and six or seven digits, or three and three or four ("X 0331987", "U 990017",
# "M 778 034"), as some trusts print their numbers; not after a word that takes a letter ("grade B 150000").
_MRN_LETTER_SPACED = re.compile(r"(?<![\w/-])([A-Z]) (\d{6,7}|\d{3} \d{3,4})(?![\w/-]|\s\d)")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
# The same in lower case, and a trust code with a space, in lower case ("rtx-0045213", "rbk 7712084") or with a
# digit and the number in two groups ("RJ1 449 2031"): seven or eight digits, with no cue.
_MRN_LOWER_CODED = re.compile(
    r"\b(?<![/-])((?:[a-z]{2,4}|[a-z]{2}\d|[a-z]\d[a-z])[- ])(\d{7,8})\b(?![/-]|\s\d)"
    r"|\b(?<![/-])([A-Z]{2}\d|[A-Z]\d[A-Z]) (\d{3} \d{4})\b(?![/-]|\s\d)"
    # a trust code and the number in two groups, joined by hyphens ("rwa-009-4471", "RXF-221-0934")
    r"|\b(?<![/-])([A-Za-z]{2,4}-)(\d{3}-\d{4})\b(?![/-])"
    # a letter and a slash in lower case ("h/0934117")
    r"|\b(?<![/-])([a-z]{1,3}/)(\d{6,8})\b(?![/-])"
)
# A trust's code and the number in two or three groups, as labels and letters print it ("RTX 008 4471", "RHU
# 0192-334", "RN3 551 902", "NN 40021 7", "RTX-0057-2219", "k 221 0934"): six to nine digits in all.
_MRN_CODE_GROUPS = re.compile(
    # (not run on into more digits, unless they are an NHS number in its groups: "RR8 559 2031 843-604-3871")
    r"\b(?<![/-])([A-Z]{2,4}|[A-Z]{2}\d|[A-Z]\d[A-Z]|[a-z]{2}\d|[a-z]{1,3})[ -](\d{2,5}(?:[ -]\d{1,4}){1,2})\b"
    rf"(?![/-]|\s\d(?!{_NHS_GROUPS_REST}))"
)
# A trust's code, a space and the number, as PAS labels print it ("RXF 2231904", "RWA 00918273"): two to four
# capitals and six to eight digits, not run on into more digits ("ABC 123456 789" is something else) and not
# a lot, reference or other labelled number (the same veto and prefix list as above). The digits are found
# first and the code read back from them, as a search whose first test is one digit rejects most positions
# at once.
# NHS trust codes may end in a digit or have one in the middle ("RJ1 882345", "RM3 0041882", "R0A 1234567"), so
# the code is two to four capitals or three characters with one digit after the first letter.
# (unless what follows is an NHS number in its groups, as on an addressograph label: "RRK 2094471 459 220 3186",
# or a date, "RJE 0021187 6/9/1971")
_MRN_SPACED_DIGITS = re.compile(
    rf"\d(?<=[A-Z0-9] \d)\d{{5,7}}(?![\w/-]|[ -]\d(?!{_NHS_GROUPS_REST}|\d?[/.]\d{{1,2}}[/.]\d{{2,4}}\b))"
)
_MRN_SPACED_CODE = re.compile(r"(?<![\w/-])(?:[A-Z]{2,4}|[A-Z]{2}\d|[A-Z]\d[A-Z]) $")
# Grades written before a number that is no patient's ("FY1 7012345" is a doctor and a GMC number).
_STAFF_GRADE = re.compile(r"(?:FY|ST|CT|SP|PA|KS)\d")
# PAS numbers padded with zeros (00294018): seven to nine digits starting "00". No phone, dose, date or count
# is written that way; an international phone number ("0044...") is longer.
_MRN_PADDED = re.compile(r"(?<![\w/+-])00\d{5,7}(?![\w/-])")
# A check letter some trusts print after the digits, joined or after a space ("0223491P", "0066321 C", "GRI 0012345
# B"): one capital (not "I", not "U" as in units) before the end, a stop, a bracket, a date or another code.
_CHECK_LETTER = re.compile(r" ?[A-HJ-TV-Z](?=$|[.,;:)\]]|\s+(?:\d|-|[A-Z][A-Z]))")
_CUED_CHECK_LETTER = re.compile(r" ?[A-HJ-TV-Z](?![\w'])")
# Six to eight digits and such a letter with no code before them ("0223491P"; not "5000U").
_MRN_DIGITS_LETTER = re.compile(r"(?<![\w/+-])\d{6,8}[A-HJ-TV-Z](?![\w/-])")
# After a cue, numbers in groups as trusts print them: "MRN 009/44812", "hosp no NN-5543", "RJ1-4400912",
# "H/449102/B", "MRN RWA 00918273", "MAT 22 0198". "unit" alone is a place ("unit 2"), so it needs "no".
_MRN_CUE_GROUPED = re.compile(
    r"(?i:\b(?P<cue>hospital|hosp|case\s?note|casenote|mrn|crn|pas|unit|clinic|rio|emis|epic|systmone)"
    r"\s*(?P<no>no|num|number|#|id)?)"
    # "MRN is 10382974", "hosp no: rx1 0067231": after the cue a verb may come first, the code in any case
    r"\.?\s*[:=-]?\s*(?:(?i:is|was)\s+)?(?P<value>"
    # "hosp no J239 8841", "Unit no 0045 7729": a number printed in two groups (tried first, as the next would
    # take the first group alone)
    r"[A-Z]?\d{3,4}\s\d{3,4}(?:\s\d{1,2}\b)?(?!\s\d)"  # "unit no 447 921 3": a check digit in a group of its own
    # "unit number G000-44-1276", "RX447-221" (two digits at least: "RX1 0112907" is a code and a number, below)
    r"|(?:[A-Z]{1,4}\d{0,2}[/-])?[A-Z]{0,3}\d\d[\dA-Z]*(?:[/-][\dA-Z]+){0,2}"
    r"|[A-Z]{1,4}(?:\s\d{2,5}){2,3}(?:\s\d\b)?"  # "MAT 22 0198", "Hosp: K 20 44 918", "H 338 201 7", "P 00381 77"
    r"|(?:[A-Za-z]{1,4}|[A-Za-z]{2}\d|[A-Za-z]\d[A-Za-z])\s\d{5,8}"
    r"|[A-Za-z]{1,4}\d?\s\d{2,5}\s\d{2,5}"  # "hosp no rh8 0019 322"
    r")(?![\w/-])"
)
# The same after a record system's name, a temporary or a clinic number ("RiO 1190388", "Epic MRN: 3390182", "temp
# number TMP00412", "clinic no 22871"), searched only when one of those words is in the text.
_SYSTEM_CUE_WORDS = ("epic", "emis", "rio", "cerner", "systmone", "s1 ", "temp", "clinic")
_MRN_SYSTEM_CUE = re.compile(
    r"\b(?:temp|temporary|epic|emis|rio|cerner|systmone|s1|clinic)(?:\s+mrn)?\s*(?:no|num|number|#|id)?\.?\s*[:=-]?\s*"
    # (a short group may follow: "temp no TMP-230914-07")
    r"(?P<value>(?=[A-Z0-9/-]*\d)(?:[A-Z]{1,4}[/-])?[A-Z]{0,3}\d[\dA-Z]{4,9}(?:-\d{1,4})?)(?![\w/])",
    re.IGNORECASE,
)
# Strong cues: a number straight after them is a patient's ("MRN 3390182", "RiO 1190388", "EMIS no 88120934");
# the weaker ones ("pt", "temp", "clinic") need "no", "number" or "id" between.
_MRN_CUE_WORD = re.compile(
    r"\b(?:hospital|hosp|unit|case\s?note|casenote|mrn|crn|hn|h/n|epic|emis|rio|cerner|systmone)\b", re.IGNORECASE
)
_NOT_MRN_PREFIX = {
    "INC", "REF", "TEL", "NHS", "DOB", "ID", "SI", "PO", "INV", "JOB", "LOT", "WEB", "DW", "CQC", "ISO", "BS", "EN",
    # incident, investigation, outbreak and complaint references ("SI25-0093", "COV24-1102")
    "DTX", "PSI", "RCA", "AAR", "COV", "OB", "CMP", "FOI", "SAR", "CAS", "NRL", "ER",
    # an ambulance service's computer-aided dispatch number ("CAD 1104521"), a PALS case ("PALS 24-0988")
    "CAD", "PALS",
}
# Labels written in capitals before a number that is no patient's (a staff registration, a serial or batch, a
# code on a pack or device), for the spaced form with no cue.
_NOT_MRN_SPACED = {
    "GMC", "NMC", "HCPC", "GPHC", "SN", "BN", "PIN", "EXT", "MOB", "FAX", "NO", "NUM", "AND", "OR", "AT", "TO", "ON",
    "IN", "BY", "ISBN", "UPC", "EAN", "GTIN", "LN", "PC", "REG", "VAT", "ODS", "URN", "CRN", "MRN", "BED", "BAY",
}


def _not_a_trust_code(prefix: str) -> bool:
    """Whether letters before a number are a label, a word or a staff grade rather than a trust's code ("INC",
    "ref", "was", "HR", "FY1")."""
    upper, lower = prefix.upper(), prefix.lower()
    return (
        upper in _NOT_MRN_PREFIX or upper in _NOT_MRN_SPACED or lower in _NOT_CODE_WORDS or lower in abbreviations()
        or _STAFF_GRADE.fullmatch(upper) is not None
    )


def _through_check_letter(text: str, end: int) -> int:
    """The end of a number, with the check letter after it if there is one (_CHECK_LETTER)."""
    letter = _CHECK_LETTER.match(text, end)
    return letter.end() if letter else end


def find_hospital_numbers(text: str) -> Iterator[Found]:
    for m in _MRN_SHAPE.finditer(text):
        if m.group(1) not in _NOT_MRN_PREFIX and not is_other_number(text, m.start()):
            yield Found(m.start(), m.end(), HOSPITAL_NUMBER)
    if _FIVE_DIGITS.search(text):  # most narratives have no number this long: skip these searches
        for m in _MRN_SHAPE_LOWER.finditer(text):
            prefix = m.group(1)
            if prefix.upper() in _NOT_MRN_PREFIX or prefix in abbreviations() or is_other_number(text, m.start()):
                continue
            yield Found(m.start(), m.end(), HOSPITAL_NUMBER)
        for m in _MRN_YEAR_CODED.finditer(text):
            if m.group(1) not in _NOT_MRN_PREFIX and not is_other_number(text, m.start()):
                yield Found(m.start(), m.end(), HOSPITAL_NUMBER)
        for m in _MRN_LOWER_CODED.finditer(text):
            prefix = (m.group(1) or m.group(3) or m.group(5) or m.group(7)).strip(" -/")
            # ("said 0031902 R": a word staff write is no trust's code; two letters may be one, "ex 1234567")
            if prefix.isalpha() and prefix.islower() and len(prefix) > 2 and prefix in common_words():
                continue
            if not _not_a_trust_code(prefix) and not is_other_number(text, m.start()):
                yield Found(m.start(), m.end(), HOSPITAL_NUMBER)
    if _FIVE_DIGITS.search(text) or _THREE_AND_THREE.search(text):
        for m in _MRN_CODE_GROUPS.finditer(text):
            prefix, digits = m.group(1), re.sub(r"\D", "", m.group(2))
            if not 6 <= len(digits) <= 9 or _not_a_trust_code(prefix) or _DATE_SHAPE.fullmatch(m.group(2)):
                continue  # (nor a date in groups: "exp 2024-02-29")
            # a word in lower case before numbers ("was 221 0934") needs a cue; a code with a digit, or letters that
            # are no word staff write ("cuh 229 4410"), do not
            if (
                prefix.isalpha() and prefix.islower() and len(prefix) > 1 and prefix in common_words()
                and not _NUMBER_CUE_BEFORE.search(text, 0, m.start())
            ):
                continue
            if not is_other_number(text, m.start()):
                yield Found(m.start(), m.end(), HOSPITAL_NUMBER)
    for m in _PT_CODE.finditer(text):
        if m.group("value").split("/")[0].split("-")[0].upper() not in _NOT_MRN_PREFIX:
            yield Found(m.start("value"), m.end("value"), HOSPITAL_NUMBER)
    for m in _MRN_LETTER_SPACED.finditer(text):
        word = _WORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
        if word is not None and word.group(1).lower() in LETTER_WORDS:
            continue
        if not is_other_number(text, m.start()):
            yield Found(m.start(), m.end(), HOSPITAL_NUMBER)
    for m in _MRN_YEAR_PREFIXED.finditer(text):
        prefix = m.group(1)
        if prefix not in _NOT_MRN_PREFIX and not is_other_number(text, m.start()):
            yield Found(m.start(), m.end(), HOSPITAL_NUMBER)
    for m in _MRN_SEPARATED.finditer(text):
        prefix = m.group(1)
        if prefix in _NOT_MRN_PREFIX or prefix.lower() in abbreviations():  # INC-204917, TTO-204917
            continue
        if m.group(3) and _YEAR.fullmatch(m.group(3)) and _YEAR.fullmatch(m.group(4)):
            continue
        if not is_other_number(text, m.start()):
            yield Found(m.start(), m.end(), HOSPITAL_NUMBER)
    for m in _MRN_SPACED_DIGITS.finditer(text):
        code = _MRN_SPACED_CODE.search(text, max(0, m.start() - 5), m.start())
        if code is None:
            continue
        prefix = code.group(0)[:-1]
        if prefix in _NOT_MRN_PREFIX or prefix in _NOT_MRN_SPACED or prefix.lower() in abbreviations():
            continue
        if _STAFF_GRADE.fullmatch(prefix):
            continue
        if not is_other_number(text, code.start()):
            yield Found(code.start(), _through_check_letter(text, m.end()), HOSPITAL_NUMBER)
    for m in _MRN_PADDED.finditer(text):
        if not is_other_number(text, m.start()):
            yield Found(m.start(), _through_check_letter(text, m.end()), HOSPITAL_NUMBER)
    if _FIVE_DIGITS.search(text):
        for m in _MRN_DIGITS_LETTER.finditer(text):
            if not is_other_number(text, m.start()):
                yield Found(m.start(), m.end(), HOSPITAL_NUMBER)
    lower = text.lower()
    cued = list(_MRN_CUE.finditer(text))
    if any(word in lower for word in _SYSTEM_CUE_WORDS):
        cued += list(_MRN_SYSTEM_CUE.finditer(text))
    for m in cued:
        cue = text[m.start() : m.start("value")]
        # "pt 1234567" alone is too weak (bed or bay counts); those cue words need "no"/"number"/"id".
        if _MRN_CUE_WORD.search(cue) or re.search(r"(?:nos|no|num|number|#|id)\.?\s*[:=-]?\s*$", cue, re.IGNORECASE):
            yield Found(m.start("value"), m.end("value"), HOSPITAL_NUMBER)
            # "Hosp nos NN24017 / NN24031": the numbers listed after the first
            position = m.end("value")
            while listed := _NEXT_LISTED.match(text, position):
                yield Found(listed.start(1), listed.end(1), HOSPITAL_NUMBER)
                position = listed.end(1)
    for m in _MRN_CUE_GROUPED.finditer(text):
        value = m.group("value")
        # After a bare "hospital" or "hosp", a year or a date ("hospital 2023-24") is not a number: it needs a
        # letter or five digits running.
        cue = m.group("cue").lower()
        if cue in ("unit", "clinic") and not m.group("no"):
            continue
        if cue in ("hospital", "hosp") and not m.group("no") and not re.search(r"[A-Z]|\d{5}", value):
            continue
        if len(re.sub(r"\D", "", value)) >= 4:
            # (after a cue, a check letter may come before any word: "unit no 203 7741 H left in X-ray")
            letter = _CUED_CHECK_LETTER.match(text, m.end("value"))
            yield Found(m.start("value"), letter.end() if letter else m.end("value"), HOSPITAL_NUMBER)


# --- Phone numbers ------------------------------------------------------------------------------------------
# The lookahead rejects most positions with one character test before the alternatives are tried.
_PHONE = re.compile(
    r"(?=[+(0])(?<![\w+])(?:(?:\+|\b00\s?)44[\s-]?(?:\(0\)[\s-]?)?|\(?0)(?:\d[\s-]?\)?[\s-]?){8,10}\d(?![\d])"
)
# A number grouped with full stops: ten or eleven digits, which no date or dose has.
_DOTTED_PHONE = re.compile(r"(?<![\w.])0\d{2,4}\.\d{3,4}\.\d{3,4}(?![\w]|\.\d)")
# Where a number may end early: after a group, before a space, hyphen or closing bracket.
_GROUP_END = re.compile(r"\d(?=[\s)-])")


def _phone_digits(candidate: str) -> str:
    digits = re.sub(r"\D", "", candidate)
    if candidate.lstrip().startswith(("+44", "00")) and digits.startswith(("44", "0044")):
        digits = "0" + digits[2 if digits.startswith("44") else 4 :].lstrip("0")
    return digits


# How long a UK number is, with its 0, by its second digit: 02, 03 and 07 numbers are always eleven digits;
# some 01 areas and 0800 numbers are ten. A ten-digit "03..." is a serial or code, not a phone.
_UK_LENGTHS = {"1": (10, 11), "2": (11,), "3": (11,), "7": (11,), "8": (10, 11)}


def _uk_shaped(digits: str) -> bool:
    return len(digits) in _UK_LENGTHS.get(digits[1:2], (10, 11))


def _phone_in(candidate: str) -> str | None:
    """The phone number `candidate` is or starts with. The pattern runs on over a closing bracket and the next
    number ("(0161 496 0123) 14 Elm Road"), so a candidate too long for a UK number is cut back to its last
    whole group that makes one."""
    if _uk_shaped(_phone_digits(candidate)):
        return candidate
    for end in reversed([m.end() for m in _GROUP_END.finditer(candidate)]):
        if _uk_shaped(_phone_digits(candidate[:end])):
            return candidate[:end]
    return None


# A number the writer labels as a thing's: a serial, lot, asset or order number is no phone, even one with a
# phone's shape ("serial no 01632960123"). Extension and bleep cues are left out: they may stand before a number.
_NOT_PHONE_CUE = re.compile(
    r"\b(?:order|po|purchase|batch|lot|invoice|serial|s/n|job|ticket|ref|reference|requisition|tracking|"
    r"barcode|catalogue|cat|product|item|stock|account|acct|receipt|datix|incident|device|asset|model|part|imei)"
    r"\s*(?:no|num|number|#|code|ref|id|tag)?\.?\s*[:=(-]?\s*$",
    re.IGNORECASE,
)


def find_phone_numbers(text: str) -> Iterator[Found]:
    """UK numbers: 01/02/03 landlines, 07 mobiles, 08 freephone; with +44 or (0) forms and any grouping
    except runs of four-digit groups, which are clock times ("0200 0400 0600"); also grouped with full stops
    ("01772.335.418")."""
    if "." in text:
        for m in _DOTTED_PHONE.finditer(text):
            digits = re.sub(r"\D", "", m.group(0))
            labelled = _NOT_PHONE_CUE.search(text[max(0, m.start() - 30) : m.start()])
            if digits[1] in "12378" and _uk_shaped(digits) and not labelled:
                yield Found(m.start(), m.end(), PHONE)
    for m in _PHONE.finditer(text):
        candidate = _phone_in(m.group(0))
        if candidate is None:
            continue
        start = m.start()
        if candidate.startswith("(") and ")" not in candidate:
            candidate, start = candidate[1:], start + 1  # "(0161 496 0123)": the brackets stay
        digits = _phone_digits(candidate)
        if digits[1] not in "12378" or _NOT_PHONE_CUE.search(text[max(0, start - 30) : start]):
            continue
        groups = [g for g in re.split(r"[\s\-()]+", candidate) if g and g != "+44"]
        if len(groups) > 1 and all(len(g) == 4 for g in groups):
            continue
        if has_nhs_check_digit(digits) and "+" not in candidate and "(" not in candidate:
            continue  # an NHS number, found as such
        yield Found(start, start + len(candidate), PHONE)


# --- E-mail addresses ---------------------------------------------------------------------------------------
# (an apostrophe is allowed in the local part: "b.o'connor@btopenworld.com")
_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+-](?:[\w.+'-]*[\w.+-])?@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


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
_UNIT_WORDS = {"hr", "hrs", "yr", "yrs", "wk", "dy", "gt", "th", "st", "nd", "rd"}


def find_postcodes(text: str) -> Iterator[Found]:
    """Full UK postcodes whose area exists and whose inward letters are allowed, written in one case, with or
    without the space ("LS6 2AB", "ls62ab")."""
    for m in _POSTCODE.finditer(text):
        area, district, space, sector, unit = m.groups()
        whole = m.group(0)
        if area.upper() not in POSTCODE_AREAS or not set(unit.upper()) <= _INWARD_LETTERS:
            continue
        if not (whole.isupper() or whole.islower()):
            continue
        # "ls62ab" is a postcode, but "iv12hr" a route and a time: lower case with no space needs a unit that
        # is no unit of measure.
        if not space and whole.islower() and unit in _UNIT_WORDS:
            continue
        yield Found(m.start(), m.end(), POSTCODE)


# A bare number straight after a person's name on a label or bag ("bag labelled Colin Brewster 1184402",
# "Lamb (C0329174)"): six to eight digits, or a hospital number's shape, not a date, time or count.
# Also a trust code and the number in groups ("Harold Bristow G 554 903", "Jaswinder Gill LRI 0087321N", "Norman
# Scrimshaw PAS 0045-8812", "Ewa Lewandowska 12/448702"), and after the date of birth that may come between
# ("Colin Whitworth,09/09/1949,D 771 0043").
_ID_AFTER_NAME = r"((?:[A-Z]{1,4}[ -]?)?\d{2,8}(?:[ /-]\d{2,6}){0,2}[A-Z]?)(?![\w/:-]|\.\d)"
_NUMBER_AFTER_NAME = re.compile(
    r"[ \t]*[,(:/]?[ \t]*(?:(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})[ \t]*[,(:/]?[ \t]*)?" + _ID_AFTER_NAME
)
# Labels before a number after a name: of a hospital number (kept, the number redacted), or of something else
# that other rules find ("NHS 943 476 5919", "DOB 01/02/1938").
_HOSPITAL_NUMBER_LABELS = {"MRN", "HN", "HOSP", "UNIT", "RIO", "EMIS", "EPIC", "ID", "CRN"}
_ID_LABELS = {"DOB", "DOD", "NHS", "CHI", "HC", "TEL", "MOB", "PH"}
_DATE_SHAPE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}")
_NUMBER_BEFORE_NHS_GROUPS = re.compile(rf"\d{{6,8}}(?= \d{_NHS_GROUPS_REST})")


def numbers_after_names(text: str, spans: list[tuple[int, int]]) -> Iterator[Found]:
    """Hospital numbers written straight after a name found by learning.redaction.names, or after the date of
    birth that follows it: six to ten digits, with or without a trust's code and groups, that are no date."""
    for _, end in spans:
        m = _NUMBER_AFTER_NAME.match(text, end)
        if not m or is_other_number(text, m.start(1)):
            continue
        code = re.match(r"[A-Z]*", m.group(1)).group(0)
        number_start = m.start(1) + len(m.group(1)) - len(m.group(1)[len(code) :].lstrip(" -"))
        digits = text[number_start : m.end(1)]
        if len(re.sub(r"\D", "", digits)) > 10 and not code:
            # "Tony 4400127 718 143 6708": the number, then an NHS number in its groups that the groups ran into
            first = _NUMBER_BEFORE_NHS_GROUPS.match(text, number_start)
            if first:
                yield Found(first.start(), first.end(), HOSPITAL_NUMBER)
            continue
        if _DATE_SHAPE.fullmatch(digits) or not 6 <= len(re.sub(r"\D", "", digits)) <= 10:
            continue
        if code in _HOSPITAL_NUMBER_LABELS:
            # the label stays and the number goes ("(MRN 1234567)", "PAS 0045-8812")
            yield Found(number_start, m.end(1), HOSPITAL_NUMBER)
        elif code == "PAS" or not (code in _NOT_MRN_PREFIX or code.lower() in _NOT_CODE_WORDS or code in _ID_LABELS):
            yield Found(m.start(1), m.end(1), HOSPITAL_NUMBER)  # "PAS 0045-8812" is written as one number
