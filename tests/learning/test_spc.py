"""The SPC engine and the `spc` command against series whose answers were worked out by hand.

Most series below start with BASE, fourteen points alternating 11, 9: mean 10, every moving range 2, so
mean moving range 2, process limits 10 +/- 2.66 x 2 = 4.68 .. 15.32, sigma 2 / 1.128 = 1.7730 and the
2-sigma lines 6.4539 .. 13.5461. With baseline=14 those limits are fixed and later points are judged on them.
"""
import datetime as dt
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st

from learning.spc import SPCError, analyse, intervals_between, run_chart, t_chart, xmr_chart
from tests.support.fuzz import examples

BASE = [11, 9] * 7


def flags(result):
    """{index: rules} for the special cause points only."""
    return {p.index: p.rules for p in result.points if p.special_cause}


# ------------------------------------------------------------------------------------------- limits and rule 1


def test_limits_and_a_point_beyond_them():
    values = [12, 8] * 7 + [30, 8, 12, 8, 12, 8]
    # sum 218 over 20 points; moving ranges: seventeen of 4 and two of 22, so 112 / 19.
    result = analyse(values)
    assert result.chart == "xmr"
    assert result.mean == pytest.approx(10.9)
    assert result.periods[0].mr_bar == pytest.approx(112 / 19)
    assert result.ucl == pytest.approx(26.58)
    assert result.lcl == pytest.approx(-4.78)
    assert flags(result) == {14: ["beyond_limits"]}
    assert result.points[14].side == "high"


def test_lower_limit_is_floored_only_when_asked():
    values = [12, 8] * 7 + [30, 8, 12, 8, 12, 8]
    assert analyse(values).lcl == pytest.approx(-4.78)
    assert analyse(values, lower_bound=0).lcl == 0.0
    with pytest.raises(SPCError, match="outside the bounds"):
        analyse([*values, -1], lower_bound=0)


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (15.32, {}),  # exactly on the upper limit: inside
        (15.33, {14: ["beyond_limits"]}),
        (4.68, {}),  # exactly on the lower limit: inside
        (4.67, {14: ["beyond_limits"]}),
    ],
)
def test_a_point_on_a_limit_is_not_beyond_it(last, expected):
    assert flags(analyse([*BASE, last], baseline=14)) == expected


# ------------------------------------------------------------------------------------------- rule 2: shift


def test_six_points_above_the_mean_are_not_a_shift():
    assert flags(analyse(BASE + [11, 12] * 3, baseline=14)) == {}


def test_seven_points_above_the_mean_are_a_shift():
    result = analyse(BASE + [11, 12] * 3 + [11], baseline=14)
    assert flags(result) == {i: ["shift"] for i in range(14, 21)}
    assert {result.points[i].side for i in range(14, 21)} == {"high"}


def test_a_point_exactly_on_the_mean_breaks_a_run():
    broken = BASE + [11, 12, 11, 10, 12, 11, 12, 11]  # 10 is on the mean: runs of 3 and 4
    unbroken = BASE + [11, 12, 11, 11, 12, 11, 12, 11]
    assert flags(analyse(broken, baseline=14)) == {}
    assert flags(analyse(unbroken, baseline=14)) == {i: ["shift"] for i in range(14, 22)}


def test_a_shift_below_the_mean_reaches_back_into_the_baseline():
    result = analyse(BASE + [9, 8, 9, 8, 9, 8, 9], baseline=14, better="down")
    # BASE ends with 9 (index 13), so the run below the mean is indices 13 to 20.
    assert flags(result) == {i: ["shift"] for i in range(13, 21)}
    assert result.points[20].side == "low"
    assert result.variation == "special_cause_improving_low"


# ------------------------------------------------------------------------------------------- rule 3: trend


def test_seven_rising_points_are_a_trend():
    result = analyse(BASE + [7, 8, 9, 10, 11, 12, 13], baseline=14, better="up")
    assert flags(result) == {i: ["trend"] for i in range(14, 21)}
    assert result.variation == "special_cause_improving_high"


def test_six_rising_points_are_not_a_trend():
    assert flags(analyse(BASE + [8, 9, 10, 11, 12, 13], baseline=14)) == {}


def test_equal_consecutive_values_break_a_trend():
    assert flags(analyse(BASE + [7, 8, 9, 9, 10, 11, 12, 13], baseline=14)) == {}


def test_seven_falling_points_are_a_falling_trend():
    result = analyse(BASE + [13, 12, 11, 10, 9, 8, 7], baseline=14, better="down")
    assert flags(result) == {i: ["trend"] for i in range(14, 21)}
    assert result.points[20].side == "low"
    assert result.variation == "special_cause_improving_low"


# ------------------------------------------------------------------------------------------- rule 4: two of three


def test_two_of_three_beyond_two_sigma_on_the_same_side():
    result = analyse(BASE + [10, 14, 10, 14, 10], baseline=14)
    assert flags(result) == {15: ["two_of_three"], 17: ["two_of_three"]}


def test_two_of_three_below():
    assert flags(analyse(BASE + [10, 6, 6, 10], baseline=14)) == {15: ["two_of_three"], 16: ["two_of_three"]}


def test_two_of_three_on_opposite_sides_is_not_a_signal():
    assert flags(analyse(BASE + [10, 14, 6, 10, 10], baseline=14)) == {}


def test_two_beyond_two_sigma_but_three_apart_is_not_a_signal():
    assert flags(analyse(BASE + [14, 10, 10, 14], baseline=14)) == {}


def test_a_point_beyond_the_limits_also_counts_towards_two_of_three():
    result = analyse(BASE + [16, 10, 14], baseline=14)
    assert flags(result) == {14: ["beyond_limits", "two_of_three"], 16: ["two_of_three"]}


# ------------------------------------------------------------------------------------------- periods and baseline


def test_recalculation_gives_each_period_its_own_limits():
    values = BASE + [10] + [21, 19] * 7 + [20]
    result = analyse(values, recalculate_at=[15])
    first, second = result.periods
    assert (first.start, first.stop, second.start, second.stop) == (0, 15, 15, 30)
    # Each period: mean 10 (or 20); moving ranges thirteen of 2 and one of 1, so 27 / 14. The jump from 10
    # to 21 belongs to no period.
    assert (first.mean, second.mean) == (10.0, 20.0)
    assert first.mr_bar == pytest.approx(27 / 14) and second.mr_bar == pytest.approx(27 / 14)
    assert (first.ucl, second.ucl) == (pytest.approx(15.13), pytest.approx(25.13))
    assert result.ucl == pytest.approx(25.13)  # the headline limits are the latest period's
    assert flags(result) == {}
    assert [p.period for p in result.points] == [0] * 15 + [1] * 15


def test_without_recalculation_the_step_change_is_a_shift():
    values = BASE + [10] + [21, 19] * 7 + [20]
    result = analyse(values)
    assert result.mean == 15.0
    assert all("shift" in p.rules for p in result.points)


def test_runs_and_trends_do_not_cross_a_period_boundary():
    values = BASE + [7, 8, 9, 10, 11, 12, 13]  # a seven-point trend when charted as one period
    result = analyse(values, recalculate_at=[17])
    assert flags(result) == {}
    assert any("provisional" in w for w in result.warnings)  # the second period has only 4 points


def test_baseline_fixes_limits_from_the_first_points():
    result = analyse([5] * 15 + [6], baseline=15, better="up")
    assert (result.lcl, result.mean, result.ucl) == (5.0, 5.0, 5.0)
    assert result.periods[0].baseline_points == 15
    assert flags(result) == {15: ["beyond_limits"]}
    assert result.variation == "special_cause_improving_high"


def test_constant_series_has_no_signal_and_says_why():
    result = analyse([5] * 20)
    assert (result.lcl, result.mean, result.ucl) == (5.0, 5.0, 5.0)
    assert flags(result) == {}
    assert result.variation == "common_cause"
    assert any("no variation" in w for w in result.warnings)


def test_screening_moving_ranges_drops_the_ones_above_the_upper_range_limit():
    values = [10, 12] * 7 + [10, 60, 10, 12, 10, 12]
    # Moving ranges: seventeen of 2 and two of 50 (total 134 over 19). 3.267 x 134/19 = 23.04, so the two 50s go.
    plain = analyse(values)
    screened = analyse(values, screen_moving_ranges=True)
    assert plain.periods[0].mr_bar == pytest.approx(134 / 19)
    assert plain.ucl == pytest.approx(13.4 + 18.76)
    assert screened.periods[0].mr_bar == pytest.approx(2.0)
    assert screened.ucl == pytest.approx(18.72)


# ------------------------------------------------------------------------------------------- run charts


def test_fewer_than_fifteen_points_give_a_run_chart_with_a_shift_of_six():
    result = analyse([3, 1, 3, 1, 5, 6, 5, 6, 5, 6, 1, 3, 1, 3])  # median 3
    assert result.chart == "run" and result.centre_line == "median"
    assert result.median == 3.0
    assert (result.lcl, result.ucl) == (None, None)
    assert flags(result) == {i: ["shift"] for i in range(4, 10)}
    assert "run chart" in result.warnings[0]


def test_run_chart_points_on_the_median_neither_add_to_nor_break_a_shift():
    result = analyse([1, 2, 1, 2, 1, 3, 5, 6, 5, 3, 6, 5, 6, 3])  # median 3; index 9 sits on it
    assert flags(result) == {i: ["shift"] for i in (6, 7, 8, 10, 11, 12)}


def test_run_chart_five_on_one_side_is_not_a_shift():
    assert flags(analyse([1, 2, 1, 2, 1, 3, 5, 6, 5, 3, 6, 5, 3, 3])) == {}


def test_run_chart_trend_of_five_ignores_repeated_values():
    result = analyse([3, 4, 3, 4, 3, 1, 2, 2, 3, 4, 5, 3, 4, 3])  # 1, 2, 2, 3, 4, 5: five distinct steps up
    assert flags(result) == {i: ["trend"] for i in range(5, 11)}


def test_run_chart_four_rising_values_are_not_a_trend():
    assert flags(analyse([3, 4, 3, 4, 3, 1, 2, 2, 3, 4, 3, 3, 4, 3])) == {}


def test_chart_type_can_be_forced():
    assert run_chart(BASE + [10]).chart == "run"
    short = xmr_chart([11, 9, 11, 9, 10])
    assert short.chart == "xmr"
    assert any("provisional" in w for w in short.warnings)


# ------------------------------------------------------------------------------------------- icons


@pytest.mark.parametrize(
    ("better", "icon"),
    [("up", "special_cause_improving_high"), ("down", "special_cause_concerning_high"),
     (None, "special_cause_neither_high")],
)
def test_variation_icon_follows_the_latest_point_and_the_direction(better, icon):
    assert analyse([*BASE, 16], baseline=14, better=better).variation == icon


def test_variation_icon_low_and_concerning():
    assert analyse([*BASE, 4], baseline=14, better="up").variation == "special_cause_concerning_low"


def test_an_earlier_special_cause_does_not_set_the_icon():
    result = analyse([*BASE, 16, 10], baseline=14, better="up")
    assert flags(result) == {14: ["beyond_limits"]}
    assert result.variation == "common_cause"


ASSURANCE_SERIES = BASE + [10]  # mean 10, limits 4.87 .. 15.13


@pytest.mark.parametrize(
    ("better", "target", "assurance"),
    [
        ("up", 4, "consistently_passing"),
        ("up", 16, "consistently_failing"),
        ("up", 10, "hit_and_miss"),
        ("up", 15.13, "hit_and_miss"),  # on a limit
        ("up", 4.87, "hit_and_miss"),
        ("down", 16, "consistently_passing"),
        ("down", 4, "consistently_failing"),
        ("up", None, "none"),
        (None, 4, "none"),
    ],
)
def test_assurance_against_a_target(better, target, assurance):
    result = analyse(ASSURANCE_SERIES, better=better, target=target)
    assert (result.lcl, result.ucl) == (pytest.approx(4.87), pytest.approx(15.13))
    assert result.assurance == assurance


def test_run_chart_gives_no_assurance():
    assert analyse([1, 2, 3, 2, 1], better="up", target=0).assurance == "none"


# ------------------------------------------------------------------------------------------- T chart


def test_t_chart_transforms_limits_back_to_days():
    intervals = [2**3.6, 3**3.6] * 8 + [400]  # transformed: 2, 3, 2, 3 ... then 400 ** (1 / 3.6) = 5.28
    result = t_chart(intervals, baseline=16)
    # Transformed: mean 2.5, moving range 1, limits 2.5 +/- 2.66 = -0.16 .. 5.16.
    assert result.chart == "t"
    assert result.periods[0].transformed["ucl"] == pytest.approx(5.16)
    assert result.mean == pytest.approx(2.5**3.6)
    assert result.ucl == pytest.approx(5.16**3.6)
    assert result.lcl == 0.0
    assert result.points[16].value == 400
    assert flags(result) == {16: ["beyond_limits"]}
    assert result.variation == "special_cause_improving_high"


def test_t_chart_gap_below_the_upper_limit_is_common_cause():
    result = t_chart([2**3.6, 3**3.6] * 8 + [360], baseline=16, target=30)  # 360 ** (1 / 3.6) = 5.13 < 5.16
    assert flags(result) == {}
    assert result.assurance == "hit_and_miss"


def test_intervals_between_sorts_events():
    days = intervals_between([dt.date(2024, 1, 31), dt.date(2024, 1, 1), dt.date(2024, 1, 11)])
    assert days == [10.0, 20.0]
    hours = intervals_between([dt.datetime(2024, 1, 1, 6), dt.datetime(2024, 1, 1, 18)], unit="hours")
    assert hours == [12.0]


def test_t_chart_rejects_negative_gaps():
    with pytest.raises(SPCError, match="negative"):
        t_chart([3, -1, 4])


# ------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": []}, "At least 2 values"),
        ({"values": [4]}, "At least 2 values"),
        ({"values": [1, float("nan")]}, "finite"),
        ({"values": [1, float("inf")]}, "finite"),
        ({"values": [1, "2"]}, "value 1 must be a number"),
        ({"values": [True, 1]}, "value 0 must be a number"),
        ({"values": "123"}, "list of numbers"),
        ({"values": [1, 1e16]}, "not supported"),
        ({"values": [1, 2, 3], "better": "sideways"}, "better must be"),
        ({"values": [1, 2, 3], "recalculate_at": [3]}, "outside the series"),
        ({"values": [1, 2, 3], "recalculate_at": ["1"]}, "whole-number"),
        ({"values": [1, 2, 3], "recalculate_at": [2], "chart": "xmr"}, "at least 2"),
        ({"values": [1, 2, 3], "labels": ["a"]}, "labels has 1"),
        ({"values": [1, 2, 3], "baseline": 1}, "baseline"),
        ({"values": [1, 2, 3], "chart": "pie"}, "chart must be"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(kwargs, message):
    values = kwargs.pop("values")
    with pytest.raises(SPCError, match=message):
        analyse(values, **kwargs)


def test_result_is_json_serialisable_with_labels():
    result = analyse(ASSURANCE_SERIES, better="up", target=4, labels=[f"2024-{m:02d}" for m in range(1, 16)])
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["points"][0]["label"] == "2024-01"
    assert set(data) >= {"chart", "mean", "lcl", "ucl", "points", "variation", "assurance", "periods"}


# ------------------------------------------------------------------------------------------- properties

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
whole = st.integers(min_value=-1000, max_value=1000)


@given(st.lists(finite, min_size=2, max_size=40), st.sampled_from(["up", "down", None]))
@hsettings(max_examples=examples(150), deadline=None)
def test_engine_never_raises_on_finite_numbers(values, better):
    result = analyse(values, better=better, target=values[0])
    assert result.chart == ("xmr" if len(values) >= 15 else "run")
    assert len(result.points) == len(values)
    assert all(p.special_cause == bool(p.rules) for p in result.points)
    json.dumps(result.to_dict(), allow_nan=False)


@given(st.lists(whole, min_size=2, max_size=40), st.integers(min_value=-10**6, max_value=10**6))
@hsettings(max_examples=examples(150), deadline=None)
def test_adding_a_constant_moves_the_lines_and_keeps_the_flags(values, shift):
    before = analyse(values, better="up")
    after = analyse([v + shift for v in values], better="up")
    assert after.mean == pytest.approx(before.mean + shift, abs=1e-6)
    assert after.median == pytest.approx(before.median + shift, abs=1e-6)
    if before.ucl is not None:
        assert after.ucl == pytest.approx(before.ucl + shift, abs=1e-6)
        assert after.lcl == pytest.approx(before.lcl + shift, abs=1e-6)
    assert [p.rules for p in after.points] == [p.rules for p in before.points]
    assert after.variation == before.variation


@given(st.lists(whole, min_size=2, max_size=40))
@hsettings(max_examples=examples(100), deadline=None)
def test_mirroring_the_series_and_the_direction_keeps_the_judgement(values):
    up = analyse(values, better="up")
    down = analyse([-v for v in values], better="down")
    assert [p.rules for p in down.points] == [p.rules for p in up.points]
    assert [p.meaning for p in down.points] == [p.meaning for p in up.points]
    swap = {"high": "low", "low": "high", None: None}
    assert [p.side for p in down.points] == [swap[p.side] for p in up.points]


@given(st.lists(whole, min_size=2, max_size=25), st.lists(whole, min_size=2, max_size=25))
@hsettings(max_examples=examples(100), deadline=None)
def test_periods_are_judged_as_if_charted_separately(first, second):
    together = xmr_chart(first + second, recalculate_at=[len(first)])
    apart = [p.rules for p in xmr_chart(first).points] + [p.rules for p in xmr_chart(second).points]
    assert [p.rules for p in together.points] == apart


# ------------------------------------------------------------------------------------------- the command


def run_command(tmp_path, spec, *args):
    path = tmp_path / "series.json"
    path.write_text(spec if isinstance(spec, str) else json.dumps(spec))
    out = io.StringIO()
    call_command("spc", str(path), *args, stdout=out)
    return json.loads(out.getvalue())


def test_command_prints_one_json_object(tmp_path):
    data = run_command(tmp_path, {"values": ASSURANCE_SERIES, "better": "up", "target": 4})
    assert data["chart"] == "xmr"
    assert data["mean"] == 10.0
    assert (data["lcl"], data["ucl"]) == (pytest.approx(4.87), pytest.approx(15.13))
    assert data["variation"] == "common_cause"
    assert data["assurance"] == "consistently_passing"
    assert data["points"][0] == {
        "index": 0, "value": 11.0, "label": None, "period": 0, "special_cause": False, "rules": [],
        "side": None, "meaning": None,
    }


def test_command_flags_rules_and_accepts_recalculation_and_labels(tmp_path):
    values = BASE + [10] + [21, 19] * 7 + [20, 30]
    labels = [f"w{i}" for i in range(len(values))]
    data = run_command(tmp_path, {"values": values, "better": "down", "recalculate_at": [15], "labels": labels},
                       "--compact")
    assert len(data["periods"]) == 2
    assert data["points"][-1]["label"] == "w30"
    assert data["points"][-1]["special_cause"] is True
    assert data["points"][-1]["rules"] == ["beyond_limits"]
    assert data["variation"] == "special_cause_concerning_high"


def test_command_t_chart(tmp_path):
    data = run_command(tmp_path, {"values": [2**3.6, 3**3.6] * 8 + [400], "better": "up", "baseline": 16,
                                  "chart": "t"})
    assert data["chart"] == "t"
    assert data["points"][-1]["rules"] == ["beyond_limits"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "not valid JSON"),
        ("[1, 2, 3]", "must hold a JSON object"),
        ('{"better": "up"}', 'no "values"'),
        ('{"values": "1,2,3", "better": "up"}', "must be a list"),
        ('{"values": [1, "two", 3], "better": "up"}', "position\\(s\\) 1"),
        ('{"values": [1, null, 3], "better": "up"}', "position\\(s\\) 1"),
        ('{"values": [1, NaN, 3], "better": "up"}', "NaN"),
        ('{"values": [1, 2, 3], "better": "sideways"}', '"better" must be "up" or "down"'),
        ('{"values": [1, 2, 3]}', '"better" must be "up" or "down"'),
        ('{"values": [1], "better": "up"}', "At least 2 values"),
        ('{"values": [1, 2, 3], "better": "up", "colour": "red"}', "Unknown key"),
        ('{"values": [1, 2, 3], "better": "up", "recalculate_at": [7]}', "outside the series"),
        ('{"values": [1, 2, 3], "better": "up", "chart": "t", "lower_bound": 0}', "does not apply"),
    ],
)
def test_command_reports_bad_files_clearly(tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        run_command(tmp_path, content)


def test_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("spc", str(tmp_path / "absent.json"))


def test_command_reads_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"values": ASSURANCE_SERIES, "better": "up"})))
    out = io.StringIO()
    call_command("spc", "-", stdout=out)
    assert json.loads(out.getvalue())["mean"] == 10.0


def test_command_line_error_has_no_traceback_and_a_non_zero_exit(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"values": [1, "x"], "better": "up"}')
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run(
        [sys.executable, "manage.py", "spc", str(bad)], cwd=Path(settings.BASE_DIR), env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode != 0
    assert "must all be numbers" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_hand_worked_two_sigma_line():
    # Guards the constants themselves: sigma = mean moving range / 1.128 and limits = mean +/- 2.66 x MR-bar.
    result = analyse(ASSURANCE_SERIES)
    period = result.periods[0]
    assert period.sigma == pytest.approx((27 / 14) / 1.128)
    assert period.upper_2sigma == pytest.approx(10 + 2 * (27 / 14) / 1.128)
    assert math.isclose(period.ucl - period.mean, 2.66 * 27 / 14)
