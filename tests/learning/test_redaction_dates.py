"""Dates of birth in learning.redaction.dates: every common format after a cue, long-past dates with no cue, and
dates among a person's details after their name (an age between them, a two-digit year in brackets), while
the dates things happened stay. Examples are written for these tests, not taken from the evaluation sets."""
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learning.redaction import redact
from learning.redaction.dates import find_dates_after_names, find_dates_of_birth

TODAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    "text, date",
    [
        ("b. 12/3/47, lives alone", "12/3/47"),
        ("DOB 03-MAR-1947 on the wristband", "03-MAR-1947"),
        ("dob 3 Mar 47 per GP letter", "3 Mar 47"),
        ("d.o.b. 3rd of March 1947", "3rd of March 1947"),
        ("DOB: March 3, 1947", "March 3, 1947"),
        ("date of birth 1947-03-03", "1947-03-03"),
        ("DOB 03.03.47", "03.03.47"),
        ("DOB 03 03 1947 (PAS print)", "03 03 1947"),
        ("DOB03031947", "03031947"),
    ],
)
def test_a_date_after_a_cue_is_a_date_of_birth_in_any_common_format(text, date):
    assert [text[f.start : f.end] for f in find_dates_of_birth(text, today=TODAY)] == [date]


@pytest.mark.parametrize("text", ["baby born 21/11/26 at 03:10 on SCBU", "neonate DOB 25/11/2026, jaundiced"])
def test_a_date_after_born_or_dob_is_one_however_recent(text):
    assert len(list(find_dates_of_birth(text, today=TODAY))) == 1


@pytest.mark.parametrize(
    "text",
    [
        "seen 12/11/26 by reg",  # recent, no cue
        "fell 3 Mar 26 at 02:00",  # this year, no cue
        "bloods 03 03 2025 repeated",  # spaced digits without a cue are not a date of birth
        "born at 32 weeks. Reviewed 12/11/2026 by reg",  # the cue ends with its sentence
    ],
)
def test_recent_dates_without_a_cue_are_kept(text):
    assert list(find_dates_of_birth(text, today=TODAY)) == []


def _after(text: str, name: str) -> list[str]:
    start = text.index(name)
    return [text[f.start : f.end] for f in find_dates_after_names(text, [(start, start + len(name))], today=TODAY)]


@pytest.mark.parametrize(
    "text, name, date",
    [
        # a two-digit year in brackets that would be this year is a birth year a century back
        ("Resident (Ethel Marsh, 9/2/26) found on floor", "Ethel Marsh", "9/2/26"),
        ("Arthur Pike (14/10/26) sent in with no letter", "Arthur Pike", "14/10/26"),
        # an age between the name and the date: the date is a date of birth however recent
        ("infant Noah 5 days old (22/11/2026) readmitted", "Noah", "22/11/2026"),
        ("baby Ayla 3 wks, 06/11/2026, jaundiced", "Ayla", "06/11/2026"),
        ("Ivy Holt aged 94 (3/4/32) fell", "Ivy Holt", "3/4/32"),
    ],
)
def test_a_date_among_a_persons_details_is_a_date_of_birth(text, name, date):
    assert _after(text, name) == [date]


@pytest.mark.parametrize(
    "text, name",
    [
        ("baby Alfie (3/2/26) seen in ED", "Alfie"),  # a child: the two-digit year is this century
        ("Ethel Marsh 9/2/26 fell at 02:00", "Ethel Marsh"),  # not in brackets: when she fell
        ("Ivy Holt aged 94, 12/11/2026 fell", "Ivy Holt"),  # a recent date after an age in years
        ("Noah 5 days old (30/11/2026) review", "Noah"),  # still to come
        ("Arthur Pike (14/10/2026) sent in", "Arthur Pike"),  # four-digit recent year: an event
    ],
)
def test_a_date_after_a_name_that_dates_an_event_is_kept(text, name):
    assert _after(text, name) == []


def test_the_pipeline_reads_a_bracketed_two_digit_year_after_a_name():
    assert redact("Care home resident (Ethel Marsh, 9/2/26) sent with no letter") == (
        "Care home resident ([name], [date of birth]) sent with no letter"
    )


_SHAPES = {
    "slashes, two-digit year": lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
    "month abbreviation": lambda d: f"{d:%d-%b-%Y}",
    "month abbreviation in capitals": lambda d: f"{d:%d-%b-%Y}".upper(),
    "day, month, two-digit year": lambda d: f"{d.day} {d:%b} {d.year % 100:02d}",
    "dots, two-digit year": lambda d: f"{d:%d.%m.%y}",
}


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(1990, 12, 31)), st.sampled_from(sorted(_SHAPES)))
def test_any_long_past_date_after_dob_is_found_whole(date, shape):
    assert redact(f"pt dob {_SHAPES[shape](date)} on PAS") == "pt dob [date of birth] on PAS"
