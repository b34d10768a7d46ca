import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from incidents.candour import add_working_days, is_working_day


def test_bank_holidays_in_england_and_wales_are_not_working_days():
    assert not is_working_day(dt.date(2026, 12, 25))  # Christmas Day
    assert not is_working_day(dt.date(2026, 12, 28))  # Boxing Day (substitute)
    assert not is_working_day(dt.date(2026, 4, 3))  # Good Friday
    assert not is_working_day(dt.date(2026, 4, 6))  # Easter Monday
    assert is_working_day(dt.date(2026, 12, 29))


def test_ten_working_days_over_christmas():
    # Reported on Monday 21 Dec 2026: 25 and 28 Dec and 1 Jan are bank holidays, so three days are lost.
    assert add_working_days(dt.date(2026, 12, 21), 10) == dt.date(2027, 1, 7)


def test_ten_working_days_over_easter():
    # Reported Wednesday 1 April 2026: Good Friday 3 April and Easter Monday 6 April.
    assert add_working_days(dt.date(2026, 4, 1), 10) == dt.date(2026, 4, 17)


def test_ordinary_fortnight():
    assert add_working_days(dt.date(2026, 11, 2), 10) == dt.date(2026, 11, 16)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_due_date_is_always_a_working_day_within_three_weeks(start):
    due = add_working_days(start, 10)
    assert is_working_day(due)
    assert 12 <= (due - start).days <= 21  # from a Sunday, ten working days end 12 days later
