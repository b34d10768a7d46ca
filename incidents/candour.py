"""Duty of Candour: when it applies and when the written notification is due."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

from .models import CANDOUR_PHYSICAL, CANDOUR_PSYCHOLOGICAL

# NHS Standard Contract (Service Condition 35): written notification within 10 working days of the
# incident being reported to local systems.
WRITTEN_NOTICE_WORKING_DAYS = 10


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    # England and Wales share one list of bank holidays; the holidays package publishes it as GB/ENG.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself does not count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def candour_applies(*, physical_harm: str, psychological_harm: str) -> bool:
    return physical_harm in CANDOUR_PHYSICAL or psychological_harm in CANDOUR_PSYCHOLOGICAL
