"""Statistical process control for safety measures, after NHS England's "Making Data Count".

Pure functions: plain numbers in, dataclasses out (each with `to_dict()` for JSON). No database.

- `analyse` draws an XmR chart (15 points or more) or a run chart (fewer), per the Making Data Count habit.
- `xmr_chart` and `run_chart` force one or the other; `t_chart` handles rare events (time between them).

Arithmetic is exact: each value is read as the decimal it prints as (0.1 is one tenth) and means, limits and
comparisons use `fractions.Fraction`, so "exactly on the mean" means exactly. The rules, their ties and the
sources are set out in docs/spc.md.
"""
from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

LIMIT_FACTOR = Fraction("2.66")  # process limits: mean +/- 2.66 x mean moving range (= 3 / 1.128, rounded)
D2 = Fraction("1.128")  # bias constant d2 for ranges of two points: sigma = mean moving range / 1.128
MR_SCREEN_FACTOR = Fraction("3.267")  # upper range limit D4: moving ranges above 3.267 x mean are screened out
XMR_MIN_POINTS = 15  # fewer points than this: a run chart, and limits are called provisional
XMR_SHIFT = 7  # rule 2: seven or more consecutive points on one side of the mean
XMR_TREND = 7  # rule 3: seven or more consecutive points rising, or falling
RUN_SHIFT = 6  # run chart: six or more consecutive points on one side of the median
RUN_TREND = 5  # run chart: five or more consecutive points rising, or falling
T_EXPONENT = 3.6  # Nelson's transform for time between events: y = t ** (1 / 3.6)
MAX_MAGNITUDE = 1e15

BEYOND_LIMITS = "beyond_limits"
SHIFT = "shift"
TREND = "trend"
TWO_OF_THREE = "two_of_three"
RULE_ORDER = (BEYOND_LIMITS, SHIFT, TREND, TWO_OF_THREE)
SIDE_RULES = {BEYOND_LIMITS, SHIFT, TWO_OF_THREE}  # rules that place a point above or below the centre line

COMMON_CAUSE = "common_cause"
ASSURANCE_PASS = "consistently_passing"
ASSURANCE_FAIL = "consistently_failing"
ASSURANCE_HIT_AND_MISS = "hit_and_miss"
ASSURANCE_NONE = "none"


class SPCError(ValueError):
    """Input the engine cannot chart; the message says what is wrong and what would be accepted."""


@dataclass
class Point:
    """One value on the chart, with the rules it broke (empty for common cause variation)."""

    index: int
    value: float
    label: str | None
    period: int
    special_cause: bool
    rules: list[str]
    side: str | None  # "high" or "low" for a special cause point
    meaning: str | None  # "improving", "concerning" or "neither" for a special cause point


@dataclass
class Period:
    """A stretch of points sharing one centre line and set of limits (points start .. stop - 1)."""

    index: int
    start: int
    stop: int
    baseline_points: int
    mean: float
    median: float
    mr_bar: float | None = None
    sigma: float | None = None
    lcl: float | None = None
    ucl: float | None = None
    lower_2sigma: float | None = None
    upper_2sigma: float | None = None
    transformed: dict[str, float] | None = None  # T chart: the figures on the t^(1/3.6) scale


@dataclass
class SPCResult:
    """A chart: its type, centre line and limits (of the latest period), every point and the two icons."""

    chart: str  # "xmr", "run" or "t"
    centre_line: str  # "mean" or "median"
    better: str | None
    target: float | None
    mean: float
    median: float
    lcl: float | None
    ucl: float | None
    periods: list[Period]
    points: list[Point]
    variation: str
    assurance: str
    rule_set: list[str]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (floats, strings, lists, None)."""
        return asdict(self)

    @property
    def special_cause_indices(self) -> list[int]:
        return [p.index for p in self.points if p.special_cause]


# ---------------------------------------------------------------------------------------------- validation


def _as_fraction(value: Any, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        raise SPCError(f"{where} must be a number, not {value!r}.")
    if isinstance(value, (int, Fraction)):
        exact = Fraction(value)
    else:
        as_float = float(value)
        if not math.isfinite(as_float):
            raise SPCError(f"{where} must be a finite number, not {value!r}.")
        exact = Fraction(value) if isinstance(value, Decimal) else Fraction(repr(as_float))
    if abs(exact) > MAX_MAGNITUDE:
        raise SPCError(f"{where} is {value!r}; values larger than {MAX_MAGNITUDE:g} in size are not supported.")
    return exact


def _values(values: Iterable[Any]) -> list[Fraction]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise SPCError("values must be a list of numbers.")
    out = [_as_fraction(v, f"value {i}") for i, v in enumerate(values)]
    if len(out) < 2:
        raise SPCError(f"At least 2 values are needed for a chart; got {len(out)}.")
    return out


def _better(better: str | None) -> str | None:
    if better not in (None, "up", "down"):
        raise SPCError(f'better must be "up" or "down" (or None for no direction), not {better!r}.')
    return better


def _labels(labels: Sequence[Any] | None, n: int) -> list[str | None]:
    if labels is None:
        return [None] * n
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Iterable):
        raise SPCError("labels must be a list, one label per value.")
    labels = list(labels)
    if len(labels) != n:
        raise SPCError(f"labels has {len(labels)} entries but there are {n} values.")
    return [str(label) for label in labels]


def _period_bounds(n: int, recalculate_at: Iterable[Any], minimum: int) -> list[tuple[int, int]]:
    recalculate_at = () if recalculate_at is None else recalculate_at
    if isinstance(recalculate_at, (str, bytes)) or not isinstance(recalculate_at, Iterable):
        raise SPCError("recalculate_at must be a list of point indices.")
    starts = set()
    for i in recalculate_at:
        if isinstance(i, bool) or not isinstance(i, int):
            raise SPCError(f"recalculate_at must hold whole-number point indices, not {i!r}.")
        if not 0 <= i < n:
            raise SPCError(f"recalculate_at index {i} is outside the series (0 to {n - 1}).")
        starts.add(i)
    starts.discard(0)
    edges = [0, *sorted(starts), n]
    bounds = list(zip(edges, edges[1:]))
    for start, stop in bounds:
        if stop - start < minimum:
            raise SPCError(
                f"The period starting at point {start} has {stop - start} point(s); each period needs at least "
                f"{minimum} for its limits. Move or remove that recalculation index."
            )
    return bounds


# ---------------------------------------------------------------------------------------------- helpers


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _median(xs: Sequence[Fraction]) -> Fraction:
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def _side(direction: int) -> str:
    return "high" if direction > 0 else "low"


def _runs(signs: Sequence[int]) -> list[tuple[int, int, int]]:
    """Maximal stretches of equal non-zero signs, as (first, last, sign); zeros end a stretch."""
    runs, first = [], None
    for i, s in enumerate([*signs, 0]):
        if first is not None and (s == 0 or s != signs[first]):
            runs.append((first, i - 1, signs[first]))
            first = None
        if first is None and s != 0:
            first = i
    return runs


# ---------------------------------------------------------------------------------------------- XmR rules


def _xmr_limits(xs: Sequence[Fraction], baseline: int, screen: bool, bounds: tuple) -> dict[str, Fraction]:
    base = xs[:baseline]
    mean = sum(base) / len(base)
    ranges = [abs(b - a) for a, b in zip(base, base[1:])]
    mr_bar = sum(ranges) / len(ranges)
    if screen and mr_bar > 0:
        kept = [r for r in ranges if r <= MR_SCREEN_FACTOR * mr_bar]
        mr_bar = sum(kept) / len(kept)
    sigma = mr_bar / D2
    lcl, ucl = mean - LIMIT_FACTOR * mr_bar, mean + LIMIT_FACTOR * mr_bar
    lower, upper = bounds
    if lower is not None:
        lcl = max(lcl, lower)
    if upper is not None:
        ucl = min(ucl, upper)
    return {
        "mean": mean, "median": _median(base), "mr_bar": mr_bar, "sigma": sigma, "lcl": lcl, "ucl": ucl,
        "lower_2sigma": mean - 2 * sigma, "upper_2sigma": mean + 2 * sigma,
    }


def _xmr_rules(xs: Sequence[Fraction], lim: dict[str, Fraction]) -> list[dict[str, int]]:
    """For each point, the rules it broke mapped to a direction (+1 high or rising, -1 low or falling)."""
    hits: list[dict[str, int]] = [{} for _ in xs]
    mean = lim["mean"]
    for i, x in enumerate(xs):  # rule 1: strictly beyond a process limit (a point on a limit is inside)
        if x > lim["ucl"]:
            hits[i][BEYOND_LIMITS] = 1
        elif x < lim["lcl"]:
            hits[i][BEYOND_LIMITS] = -1
    for first, last, s in _runs([_sign(x - mean) for x in xs]):  # rule 2: points on the mean break a run
        if last - first + 1 >= XMR_SHIFT:
            for i in range(first, last + 1):
                hits[i][SHIFT] = s
    _mark_trends(hits, [_sign(b - a) for a, b in zip(xs, xs[1:])], [[i] for i in range(len(xs))], XMR_TREND)
    near = [1 if x > lim["upper_2sigma"] else -1 if x < lim["lower_2sigma"] else 0 for x in xs]
    for i in range(len(xs)):  # rule 4: two points within three, strictly beyond 2 sigma on the same side
        for j in (i + 1, i + 2):
            if j < len(xs) and near[i] != 0 and near[i] == near[j]:
                hits[i][TWO_OF_THREE] = hits[j][TWO_OF_THREE] = near[i]
    return hits


def _mark_trends(hits: list[dict[str, int]], steps: list[int], groups: list[list[int]], length: int) -> None:
    """Flag every point in `groups` (consecutive, indexed by step) that lies in a monotone stretch of
    `length` or more groups. `steps[k]` is the direction from group k to group k + 1 (0 breaks a stretch).
    Where a turning point belongs to a rising and a falling trend, the trend that ends at it is kept."""
    for first, last, s in _runs(steps):
        if last - first + 2 >= length:
            for g in range(first, last + 2):
                for i in groups[g]:
                    if TREND not in hits[i] or g == last + 1:
                        hits[i][TREND] = s


# ---------------------------------------------------------------------------------------------- run chart rules


def _run_rules(xs: Sequence[Fraction], median: Fraction) -> list[dict[str, int]]:
    hits: list[dict[str, int]] = [{} for _ in xs]
    off = [(i, _sign(x - median)) for i, x in enumerate(xs) if x != median]  # points on the median are skipped
    for first, last, s in _runs([s for _, s in off]):
        if last - first + 1 >= RUN_SHIFT:
            for k in range(first, last + 1):
                hits[off[k][0]][SHIFT] = s
    groups: list[list[int]] = []  # repeated consecutive values count once: they neither make nor break a trend
    for i, x in enumerate(xs):
        if groups and xs[groups[-1][0]] == x:
            groups[-1].append(i)
        else:
            groups.append([i])
    steps = [_sign(xs[b[0]] - xs[a[0]]) for a, b in zip(groups, groups[1:])]
    _mark_trends(hits, steps, groups, RUN_TREND)
    return hits


# ---------------------------------------------------------------------------------------------- icons


def _points(values, labels, period_of, hits, better) -> list[Point]:
    points = []
    for i, value in enumerate(values):
        rules = [r for r in RULE_ORDER if r in hits[i]]
        side = meaning = None
        if rules:
            by_side = [hits[i][r] for r in rules if r in SIDE_RULES]
            direction = by_side[0] if by_side else hits[i][TREND]
            side = _side(direction)
            if better is None:
                meaning = "neither"
            else:
                meaning = "improving" if (direction > 0) == (better == "up") else "concerning"
        points.append(Point(i, value, labels[i], period_of[i], bool(rules), rules, side, meaning))
    return points


def _variation(points: list[Point]) -> str:
    """The variation icon, judged on the latest point: it shows special cause when that point broke a rule
    itself or belongs to a shift or trend that includes it."""
    last = points[-1]
    return f"special_cause_{last.meaning}_{last.side}" if last.special_cause else COMMON_CAUSE


def _assurance(target: float | None, better: str | None, lcl: float | None, ucl: float | None) -> str:
    """Judged on the latest period's limits; a target exactly on a limit is hit and miss."""
    if target is None or better is None or lcl is None or ucl is None:
        return ASSURANCE_NONE
    if target < lcl:
        return ASSURANCE_PASS if better == "up" else ASSURANCE_FAIL
    if target > ucl:
        return ASSURANCE_FAIL if better == "up" else ASSURANCE_PASS
    return ASSURANCE_HIT_AND_MISS


# ---------------------------------------------------------------------------------------------- public API


def analyse(
    values: Iterable[Any],
    *,
    better: str | None = None,
    target: float | None = None,
    recalculate_at: Iterable[int] = (),
    baseline: int | None = None,
    labels: Sequence[Any] | None = None,
    lower_bound: float | None = None,
    upper_bound: float | None = None,
    screen_moving_ranges: bool = False,
    chart: str = "auto",
) -> SPCResult:
    """Chart `values` in time order: an XmR chart from 15 points up, a run chart below that (`chart="auto"`),
    or the one asked for (`"xmr"`, `"run"`).

    `better` is "up" or "down" (None: no direction, so special causes are "neither"). `target` gives the
    assurance icon. `recalculate_at` lists the indices where a new period starts (after a change to the
    process); limits and rules are worked out within each period. `baseline` computes each period's centre and
    limits from its first N points only. `lower_bound`/`upper_bound` clip the limits for a measure that cannot
    go below/above them (0 for counts and rates). Raises SPCError for anything it cannot chart.
    """
    if chart not in ("auto", "xmr", "run"):
        raise SPCError(f'chart must be "auto", "xmr" or "run", not {chart!r}.')
    xs = _values(values)
    kind = chart if chart != "auto" else ("xmr" if len(xs) >= XMR_MIN_POINTS else "run")
    result = _chart(
        xs, kind=kind, better=_better(better), target=target, recalculate_at=recalculate_at, baseline=baseline,
        labels=labels, bounds=_bounds(lower_bound, upper_bound, xs), screen=screen_moving_ranges,
    )
    if chart == "auto" and kind == "run":
        result.warnings.insert(0, f"Fewer than {XMR_MIN_POINTS} points: drawn as a run chart (median, no limits).")
    return result


def xmr_chart(values: Iterable[Any], **options: Any) -> SPCResult:
    """An XmR chart whatever the length (see `analyse` for the options)."""
    return analyse(values, chart="xmr", **options)


def run_chart(values: Iterable[Any], **options: Any) -> SPCResult:
    """A run chart: median centre line, shift of 6+ and trend of 5+ (see `analyse` for the options)."""
    return analyse(values, chart="run", **options)


def t_chart(
    intervals: Iterable[Any],
    *,
    better: str | None = "up",
    target: float | None = None,
    recalculate_at: Iterable[int] = (),
    baseline: int | None = None,
    labels: Sequence[Any] | None = None,
    screen_moving_ranges: bool = False,
) -> SPCResult:
    """A T chart for rare events: `intervals` are the times between successive events (e.g. days between
    Never Events, see `intervals_between`). Each is transformed y = t ** (1 / 3.6) (Nelson), charted as XmR
    with the four rules, and the centre line and limits are transformed back; a limit below zero becomes 0.
    Longer gaps are better by default. The other options are those of `analyse`."""
    ts = _values(intervals)
    if any(t < 0 for t in ts):
        raise SPCError("Times between events cannot be negative; sort the event dates first.")
    ys = [Fraction(repr(float(t) ** (1 / T_EXPONENT))) for t in ts]
    result = _chart(
        ys, kind="xmr", better=_better(better), target=None, recalculate_at=recalculate_at, baseline=baseline,
        labels=labels, bounds=(Fraction(0), None), screen=screen_moving_ranges,
    )

    def back(y: float | None) -> float | None:
        return None if y is None else max(y, 0.0) ** T_EXPONENT

    for period in result.periods:
        period.transformed = {
            k: getattr(period, k) for k in ("mean", "mr_bar", "sigma", "lcl", "ucl", "lower_2sigma", "upper_2sigma")
        }
        period.mean, period.lcl, period.ucl = back(period.mean), back(period.lcl), back(period.ucl)
        period.lower_2sigma, period.upper_2sigma = back(period.lower_2sigma), back(period.upper_2sigma)
        period.median = float(_median(ts[period.start : period.stop][: period.baseline_points]))
        period.mr_bar = period.sigma = None  # only meaningful on the transformed scale
    for point, t in zip(result.points, ts):
        point.value = float(t)
    latest = result.periods[-1]
    result.chart = "t"
    result.mean, result.median, result.lcl, result.ucl = latest.mean, latest.median, latest.lcl, latest.ucl
    result.target = None if target is None else float(_as_fraction(target, "target"))
    result.assurance = _assurance(result.target, result.better, result.lcl, result.ucl)
    return result


def intervals_between(events: Iterable[dt.date | dt.datetime], *, unit: str = "days") -> list[float]:
    """Times between successive events (sorted first), in days or hours, for `t_chart`. Dates count as
    midnight; aware and naive datetimes cannot be mixed."""
    seconds = {"days": 86400, "hours": 3600}.get(unit)
    if seconds is None:
        raise SPCError(f'unit must be "days" or "hours", not {unit!r}.')
    stamps = []
    for e in events:
        if not isinstance(e, dt.date):
            raise SPCError(f"events must be dates or datetimes, not {e!r}.")
        stamps.append(e if isinstance(e, dt.datetime) else dt.datetime(e.year, e.month, e.day))
    try:
        stamps.sort()
    except TypeError as exc:
        raise SPCError("events mix timezone-aware and naive datetimes; use one kind.") from exc
    return [(b - a).total_seconds() / seconds for a, b in zip(stamps, stamps[1:])]


# ---------------------------------------------------------------------------------------------- assembly


def _bounds(lower: Any, upper: Any, xs: Sequence[Fraction]) -> tuple[Fraction | None, Fraction | None]:
    lo = None if lower is None else _as_fraction(lower, "lower_bound")
    hi = None if upper is None else _as_fraction(upper, "upper_bound")
    if lo is not None and hi is not None and lo >= hi:
        raise SPCError("lower_bound must be below upper_bound.")
    for i, x in enumerate(xs):
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            raise SPCError(f"value {i} ({float(x):g}) is outside the bounds the measure was declared to have.")
    return lo, hi


def _chart(xs, *, kind, better, target, recalculate_at, baseline, labels, bounds, screen) -> SPCResult:
    n = len(xs)
    label_list = _labels(labels, n)
    if baseline is not None and (isinstance(baseline, bool) or not isinstance(baseline, int) or baseline < 2):
        raise SPCError(f"baseline must be a whole number of points, at least 2, not {baseline!r}.")
    spans = _period_bounds(n, recalculate_at, minimum=2 if kind == "xmr" else 1)
    periods: list[Period] = []
    hits: list[dict[str, int]] = []
    period_of: list[int] = []
    warnings: list[str] = []
    for p, (start, stop) in enumerate(spans):
        seg = xs[start:stop]
        used = min(baseline or len(seg), len(seg))
        if kind == "xmr":
            lim = _xmr_limits(seg, used, screen, bounds)
            hits += _xmr_rules(seg, lim)
            if used < XMR_MIN_POINTS:
                warnings.append(
                    f"Period {p} (points {start}-{stop - 1}) has limits from {used} points; limits from fewer "
                    f"than {XMR_MIN_POINTS} points are provisional."
                )
            if lim["mr_bar"] == 0:
                warnings.append(
                    f"Period {p} has no variation in its baseline: the limits sit on the mean, so any change signals."
                )
            fl = {k: float(v) for k, v in lim.items()}
            periods.append(Period(p, start, stop, used, fl["mean"], fl["median"], fl["mr_bar"], fl["sigma"], fl["lcl"],
                                  fl["ucl"], fl["lower_2sigma"], fl["upper_2sigma"]))
        else:
            base = seg[:used]
            median = _median(base)
            hits += _run_rules(seg, median)
            periods.append(Period(p, start, stop, used, float(sum(base) / len(base)), float(median)))
        period_of += [p] * len(seg)
    points = _points([float(x) for x in xs], label_list, period_of, hits, better)
    latest = periods[-1]
    target_f = None if target is None else float(_as_fraction(target, "target"))
    return SPCResult(
        chart=kind,
        centre_line="mean" if kind == "xmr" else "median",
        better=better,
        target=target_f,
        mean=latest.mean,
        median=latest.median,
        lcl=latest.lcl,
        ucl=latest.ucl,
        periods=periods,
        points=points,
        variation=_variation(points),
        assurance=_assurance(target_f, better, latest.lcl, latest.ucl),
        rule_set=list(RULE_ORDER) if kind == "xmr" else [SHIFT, TREND],
        warnings=warnings,
    )
