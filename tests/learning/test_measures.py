"""Measures against incidents with known dates, places and harms (times in UTC; periods in Europe/London)."""
import datetime as dt

import pytest
from django.utils import timezone

from incidents.models import Incident
from learning.measures import (
    IncidentFilter,
    count_series,
    counts_by,
    period_starts,
    proportion_series,
    proportions_by,
    rate_per_1000_bed_days,
    total,
)
from learning.models import ConfirmedTheme, Theme
from learning.spc import SPCError
from tests.factories import LocationFactory, SpecialtyFactory, submit

pytestmark = pytest.mark.django_db

UTC = dt.timezone.utc


def at(y, m, d, hh=12, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=UTC)


def report(location, when, **fields):
    return submit(location, occurred_at=when, **fields).incident


def confirm(incident, *slugs):
    for slug in slugs:
        ConfirmedTheme.objects.create(incident=incident, theme=Theme.objects.get(slug=slug))


def months(*pairs):
    return [dt.date(y, m, 1) for y, m in pairs]


# ------------------------------------------------------------------------------------------- periods and time zone


def test_monthly_counts_are_zero_filled_and_cut_at_london_midnight(ward):
    report(ward, at(2023, 12, 31, 23, 59))  # GMT: still 31 December, outside the range
    report(ward, at(2024, 1, 15))
    report(ward, at(2024, 1, 31, 23, 30))  # GMT: 31 January
    report(ward, at(2024, 3, 31, 23, 30))  # BST: 00:30 on 1 April
    report(ward, at(2024, 4, 30, 23, 30))  # BST: 00:30 on 1 May
    report(ward, at(2024, 5, 31, 23, 30))  # BST: 1 June, outside the range
    series = count_series(start=dt.date(2024, 1, 10), end=dt.date(2024, 5, 2))
    assert series.periods == months((2024, 1), (2024, 2), (2024, 3), (2024, 4), (2024, 5))
    assert series.counts == [2, 0, 0, 1, 1]
    assert series.incomplete == []


def test_weeks_start_on_monday_in_london_time(ward):
    report(ward, at(2024, 6, 9, 22, 30))  # 23:30 BST on Sunday 9 June: week of 3 June
    report(ward, at(2024, 6, 9, 23, 30))  # 00:30 BST on Monday 10 June: week of 10 June
    report(ward, at(2024, 6, 16, 12))
    series = count_series(start=dt.date(2024, 6, 5), end=dt.date(2024, 6, 20), interval="week")
    assert series.periods == [dt.date(2024, 6, 3), dt.date(2024, 6, 10), dt.date(2024, 6, 17)]
    assert series.counts == [1, 2, 0]


def test_period_starts_cross_a_year_end():
    assert period_starts("month", dt.date(2023, 11, 20), dt.date(2024, 2, 1)) == months(
        (2023, 11), (2023, 12), (2024, 1), (2024, 2)
    )
    with pytest.raises(ValueError, match="interval"):
        period_starts("day", dt.date(2024, 1, 1), dt.date(2024, 2, 1))
    with pytest.raises(ValueError, match="before start"):
        period_starts("month", dt.date(2024, 2, 1), dt.date(2024, 1, 1))


def test_the_current_month_is_marked_incomplete(ward):
    today = timezone.localdate()
    series = count_series(start=today - dt.timedelta(days=90), end=today)
    assert series.incomplete == [today.replace(day=1)]


# ------------------------------------------------------------------------------------------- filters


def test_harm_filters_count_moderate_and_above(ward):
    report(ward, at(2024, 2, 1), physical_harm="low")
    report(ward, at(2024, 2, 2), physical_harm="moderate")
    report(ward, at(2024, 2, 3), physical_harm="fatal")
    report(ward, at(2024, 2, 4), physical_harm="none", psychological_harm="moderate")
    report(ward, at(2024, 2, 5), physical_harm="low", psychological_harm="severe")

    def count(harm):
        return count_series(start=dt.date(2024, 2, 1), end=dt.date(2024, 2, 1),
                            filters=IncidentFilter(harm=harm)).counts

    assert count(None) == [5]
    assert count("moderate_and_above") == [4]
    assert count("physical_moderate_and_above") == [2]
    assert count("psychological_moderate_and_above") == [2]
    assert count("severe_and_above") == [2]
    assert count("fatal") == [1]


def test_place_specialty_and_event_type_filters(ward, other_ward):
    same_directorate = LocationFactory(directorate=ward.directorate)
    specialty = SpecialtyFactory()
    report(ward, at(2024, 3, 1), specialty=specialty)
    report(same_directorate, at(2024, 3, 2), event_type="near_miss")
    report(other_ward, at(2024, 3, 3))
    report(other_ward, at(2024, 3, 4), event_type="good_care")

    def count(**kwargs):
        return count_series(start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 1),
                            filters=IncidentFilter(**kwargs)).counts[0]

    assert count() == 3  # good care is not a safety event
    assert count(event_types=["good_care"]) == 1
    assert count(event_types="near_miss") == 1
    assert count(locations=[ward]) == 1
    assert count(directorates=[ward.directorate_id]) == 2
    assert count(sites=[other_ward.directorate.site]) == 1
    assert count(specialties=[specialty.pk]) == 1


def test_duplicates_and_never_events(ward):
    first = report(ward, at(2024, 3, 1))
    dup = report(ward, at(2024, 3, 1, 13))
    Incident.objects.filter(pk=dup.pk).update(duplicate_of=first)
    Incident.objects.filter(pk=first.pk).update(never_event=True, learning_response="psii")
    start = end = dt.date(2024, 3, 1)
    assert count_series(start=start, end=end).counts == [1]
    assert count_series(start=start, end=end, filters=IncidentFilter(include_duplicates=True)).counts == [2]
    assert count_series(start=start, end=end, filters=IncidentFilter(never_event=True)).counts == [1]


def test_theme_filter_counts_an_incident_once_and_by_theme_once_per_theme(ward):
    both = report(ward, at(2024, 4, 2))
    confirm(both, "falls", "medication")
    confirm(report(ward, at(2024, 4, 3)), "falls")
    confirm(report(ward, at(2024, 5, 3), physical_harm="moderate"), "medication")
    report(ward, at(2024, 5, 4))  # no theme
    start, end = dt.date(2024, 4, 1), dt.date(2024, 5, 31)
    either = count_series(start=start, end=end, filters=IncidentFilter(themes=["falls", "medication"]))
    assert either.counts == [2, 1]
    by_id = count_series(start=start, end=end, filters=IncidentFilter(themes=[Theme.objects.get(slug="falls").pk]))
    assert by_id.counts == [2, 0]
    by_theme = counts_by("theme", start=start, end=end, keys=["falls", "medication", "self_harm"])
    assert list(by_theme) == ["falls", "medication", "self_harm"]
    assert {k: s.counts for k, s in by_theme.items()} == {"falls": [2, 0], "medication": [1, 1], "self_harm": [0, 0]}
    harmful = counts_by("theme", start=start, end=end, filters=IncidentFilter(harm="moderate_and_above"))
    assert {k: s.counts for k, s in harmful.items()} == {"medication": [0, 1]}


def test_counts_by_location_are_zero_filled_for_named_keys(ward, other_ward):
    quiet = LocationFactory()
    report(ward, at(2024, 1, 5))
    report(ward, at(2024, 2, 5))
    report(other_ward, at(2024, 2, 6))
    result = counts_by("location", start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 1), keys=[quiet.pk])
    assert {k: s.counts for k, s in result.items()} == {quiet.pk: [0, 0], ward.pk: [1, 1], other_ward.pk: [0, 1]}
    by_site = counts_by("site", start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 1))
    assert by_site[ward.directorate.site_id].counts == [1, 1]
    with pytest.raises(ValueError, match="key must be"):
        counts_by("colour", start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 1))


def test_proportions_by_location_and_their_total_from_one_query(ward, other_ward, django_assert_num_queries):
    report(ward, at(2024, 1, 5), physical_harm="moderate")
    report(ward, at(2024, 1, 6))
    report(ward, at(2024, 2, 6))
    report(other_ward, at(2024, 2, 7), psychological_harm="moderate")
    window = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 2, 1)}
    with django_assert_num_queries(1):
        by_location = proportions_by("location", numerator=IncidentFilter(harm="moderate_and_above"), **window,
                                     source="live")
    cells = {k: [(p.numerator, p.denominator) for p in s.points] for k, s in by_location.items()}
    assert cells == {ward.pk: [(1, 2), (0, 1)], other_ward.pk: [(0, 0), (1, 1)]}
    assert by_location[other_ward.pk].points[0].proportion is None
    overall = total(by_location.values())
    assert [(p.numerator, p.denominator, p.proportion) for p in overall.points] == [(1, 2, 0.5), (1, 2, 0.5)]
    assert overall.as_counts().counts == [2, 2]
    assert overall.as_counts().counts == count_series(**window).counts


def test_each_measure_is_one_query(ward, django_assert_num_queries):
    report(ward, at(2024, 1, 5))
    window = {"start": dt.date(2023, 1, 1), "end": dt.date(2024, 12, 31), "source": "live"}
    with django_assert_num_queries(1):
        count_series(**window, filters=IncidentFilter(themes=["falls"], harm="moderate_and_above"))
    with django_assert_num_queries(1):
        counts_by("theme", **window)
    with django_assert_num_queries(1):
        proportion_series(numerator=IncidentFilter(harm="moderate_and_above"), **window)
    with django_assert_num_queries(2):  # the aggregate, and the locations in scope
        rate_per_1000_bed_days(bed_days={(ward.pk, dt.date(2024, 1, 1)): 100}, **window)


def test_invalid_filters_are_refused():
    with pytest.raises(ValueError, match="harm filter"):
        IncidentFilter(harm="some")
    with pytest.raises(ValueError, match="event type"):
        IncidentFilter(event_types=["accident"])


# ------------------------------------------------------------------------------------------- proportions and rates


def test_proportion_of_moderate_and_above_harm(ward):
    report(ward, at(2024, 1, 2), physical_harm="moderate")
    report(ward, at(2024, 1, 3), physical_harm="low")
    report(ward, at(2024, 1, 4), physical_harm="none")
    report(ward, at(2024, 1, 5), psychological_harm="severe")
    report(ward, at(2024, 3, 5), physical_harm="low")
    series = proportion_series(numerator=IncidentFilter(harm="moderate_and_above"),
                               start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 1))
    assert [(p.numerator, p.denominator, p.proportion) for p in series.points] == [
        (2, 4, 0.5), (0, 0, None), (0, 1, 0.0)
    ]


def test_rate_per_thousand_bed_days_flags_missing_months(ward, other_ward):
    ed = LocationFactory(directorate=ward.directorate)  # never has bed days
    second_ward = LocationFactory(directorate=ward.directorate)
    report(ward, at(2024, 1, 3))
    report(ward, at(2024, 1, 4))
    report(second_ward, at(2024, 1, 5))
    report(ed, at(2024, 1, 6))
    report(ward, at(2024, 2, 6))
    report(other_ward, at(2024, 1, 7))  # other site: outside the filter below
    bed_days = {
        (ward.pk, dt.date(2024, 1, 1)): 500,
        (second_ward.pk, dt.date(2024, 1, 31)): 250,  # any day of the month names it
        (ward.pk, dt.date(2024, 2, 1)): 400,
        (other_ward.pk, dt.date(2024, 1, 1)): 300,
    }
    series = rate_per_1000_bed_days(bed_days=bed_days, start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 1),
                                    filters=IncidentFilter(directorates=[ward.directorate_id]))
    jan, feb = series.points
    assert (jan.incidents, jan.bed_days, jan.rate, jan.excluded_incidents) == (3, 750.0, 4.0, 1)
    assert jan.missing_bed_days == []
    assert feb.rate is None and feb.missing_bed_days == [second_ward.pk]
    with pytest.raises(SPCError, match="2024-02-01"):
        series.spc()


def test_rate_refuses_negative_bed_days(ward):
    with pytest.raises(ValueError, match="0 or more"):
        rate_per_1000_bed_days(bed_days={(ward.pk, dt.date(2024, 1, 1)): -5},
                               start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 1))


# ------------------------------------------------------------------------------------------- into SPC


def test_count_series_feeds_an_spc_chart_with_labels(ward):
    # Twenty months alternating 1 and 3 incidents, then a month of 12: beyond the upper limit.
    day = dt.date(2022, 1, 1)
    expected = [1, 3] * 10 + [12]
    for n in expected:
        for i in range(n):
            report(ward, at(day.year, day.month, 10 + i))
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    series = count_series(start=dt.date(2022, 1, 1), end=dt.date(2023, 9, 1))
    assert series.counts == expected
    chart = series.spc(better="down")
    assert chart.chart == "xmr"
    assert chart.points[-1].label == "2023-09-01"
    assert chart.points[-1].rules == ["beyond_limits"]
    assert chart.variation == "special_cause_concerning_high"


def test_spc_leaves_out_the_month_not_yet_over(ward):
    today = timezone.localdate()
    series = count_series(start=today - dt.timedelta(days=200), end=today)
    assert len(series.spc().points) == len(series.periods) - 1
    assert len(series.spc(complete_only=False).points) == len(series.periods)
