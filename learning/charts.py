"""SPC charts and Making Data Count icons as accessible inline SVG.

Meaning never rests on colour alone: special-cause points differ in shape (improving: square, concerning:
diamond, neither: triangle), icons carry a letter, and each chart has a title, a description and the numbers
in a table beside it.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .spc import SPCResult

WIDTH, HEIGHT = 720, 260
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 16, 16, 44

# NHS identity colours.
BLUE, GREY, ORANGE, DARK, PURPLE = "#005eb8", "#768692", "#ed8b00", "#212b32", "#330072"

VARIATION_TEXT = {
    "common_cause": ("Common cause variation", "C", GREY),
    "special_cause_improving_high": ("Special cause variation: improving (high)", "H", BLUE),
    "special_cause_improving_low": ("Special cause variation: improving (low)", "L", BLUE),
    "special_cause_concerning_high": ("Special cause variation: concerning (high)", "H", ORANGE),
    "special_cause_concerning_low": ("Special cause variation: concerning (low)", "L", ORANGE),
    "special_cause_neither_high": ("Special cause variation: higher (neither better nor worse)", "H", PURPLE),
    "special_cause_neither_low": ("Special cause variation: lower (neither better nor worse)", "L", PURPLE),
}
ASSURANCE_TEXT = {
    "consistently_passing": ("Assurance: the target will be consistently met", "P", BLUE),
    "consistently_failing": ("Assurance: the target will consistently not be met", "F", ORANGE),
    "hit_and_miss": ("Assurance: the target will be hit and missed at random", "?", GREY),
    "none": ("No target set", "-", GREY),
}


@dataclass(frozen=True)
class Icon:
    key: str
    text: str
    svg: str


def _circle_icon(label: str, letter: str, colour: str) -> str:
    return (
        f'<svg class="vigil-icon" width="40" height="40" viewBox="0 0 40 40" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>"
        f'<circle cx="20" cy="20" r="17" fill="#fff" stroke="{colour}" stroke-width="4"/>'
        f'<text x="20" y="26" text-anchor="middle" font-size="17" font-weight="bold" fill="{colour}">{escape(letter)}</text></svg>'
    )


def variation_icon(key: str) -> Icon:
    text, letter, colour = VARIATION_TEXT.get(key, (key.replace("_", " ").capitalize(), "?", GREY))
    return Icon(key, text, _circle_icon(text, letter, colour))


def assurance_icon(key: str) -> Icon:
    text, letter, colour = ASSURANCE_TEXT.get(key, (key.replace("_", " ").capitalize(), "?", GREY))
    return Icon(key, text, _circle_icon(text, letter, colour))


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.2f}"


def _marker(x: float, y: float, meaning: str | None, special: bool) -> str:
    if not special:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{GREY}"/>'
    if meaning == "improving":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{BLUE}"/>'
    if meaning == "concerning":
        return f'<path d="M{x:.1f} {y - 7:.1f} L{x + 7:.1f} {y:.1f} L{x:.1f} {y + 7:.1f} L{x - 7:.1f} {y:.1f} Z" fill="{ORANGE}"/>'
    return f'<path d="M{x:.1f} {y - 6:.1f} L{x + 6:.1f} {y + 5:.1f} L{x - 6:.1f} {y + 5:.1f} Z" fill="{PURPLE}"/>'


def spc_svg(result: SPCResult, *, title: str, unit: str = "incidents", link_for=None) -> str:
    """The chart as an <svg> string. `link_for(point)` may return a URL for drilling into a point's incidents."""
    points = result.points
    if not points:
        return f'<p class="nhsuk-body-s">No data to chart for {escape(title)}.</p>'
    lines = [v for p in result.periods for v in (p.lcl, p.ucl, p.mean, p.median) if v is not None]
    values = [p.value for p in points] + lines + ([result.target] if result.target is not None else [])
    lo, hi = min(values), max(values)
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    margin = (hi - lo) * 0.08
    lo, hi = lo - margin, hi + margin
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def sx(i: int) -> float:
        return PAD_LEFT + (plot_w * i / max(len(points) - 1, 1))

    def sy(v: float) -> float:
        return PAD_TOP + plot_h * (1 - (v - lo) / (hi - lo))

    chart_name = {"xmr": "XmR chart", "run": "Run chart", "t": "T chart"}.get(result.chart, result.chart)
    variation = variation_icon(result.variation).text
    desc = (
        f"{chart_name} of {len(points)} points. {variation}. Centre line {_fmt(result.mean if result.centre_line == 'mean' else result.median)}"
        + (f", process limits {_fmt(result.lcl)} to {_fmt(result.ucl)}" if result.ucl is not None else "")
        + (f", target {_fmt(result.target)}" if result.target is not None else "")
        + f". {sum(p.special_cause for p in points)} special-cause points."
    )
    parts = [
        f'<svg class="vigil-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="t{id(result)} d{id(result)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="t{id(result)}">{escape(title)}</title><desc id="d{id(result)}">{escape(desc)}</desc>',
        f'<rect x="{PAD_LEFT}" y="{PAD_TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#d8dde0"/>',
    ]
    for tick in range(5):
        v = lo + (hi - lo) * tick / 4
        parts.append(f'<text x="{PAD_LEFT - 6}" y="{sy(v) + 4:.1f}" text-anchor="end" font-size="11" fill="{DARK}">{_fmt(v)}</text>')
    for period in result.periods:
        x0, x1 = sx(period.start), sx(max(period.stop - 1, period.start))
        centre = period.mean if result.centre_line == "mean" else period.median
        parts.append(f'<line x1="{x0:.1f}" x2="{x1:.1f}" y1="{sy(centre):.1f}" y2="{sy(centre):.1f}" stroke="{DARK}" stroke-width="1.5"/>')
        for limit in (period.lcl, period.ucl):
            if limit is not None:
                parts.append(f'<line x1="{x0:.1f}" x2="{x1:.1f}" y1="{sy(limit):.1f}" y2="{sy(limit):.1f}" stroke="{GREY}" stroke-width="1.5" stroke-dasharray="6 4"/>')
    if result.target is not None:
        y = sy(result.target)
        parts.append(f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#da291c" stroke-width="1.5" stroke-dasharray="2 3"/>')
        parts.append(f'<text x="{WIDTH - PAD_RIGHT - 4}" y="{y - 4:.1f}" text-anchor="end" font-size="11" fill="#da291c">target {_fmt(result.target)}</text>')
    path = " ".join(f"{'M' if i == 0 else 'L'}{sx(i):.1f} {sy(p.value):.1f}" for i, p in enumerate(points))
    parts.append(f'<path d="{path}" fill="none" stroke="{GREY}" stroke-width="1.5"/>')
    step = max(1, len(points) // 8)
    for i, point in enumerate(points):
        label = escape(str(point.label or i + 1))
        tip = f"{label}: {_fmt(point.value)} {unit}" + (f" - special cause ({', '.join(point.rules)})" if point.special_cause else "")
        marker = _marker(sx(i), sy(point.value), point.meaning, point.special_cause)
        href = link_for(point) if (link_for and point.special_cause) else None
        inner = f"<g><title>{escape(tip)}</title>{marker}</g>"
        parts.append(f'<a href="{escape(href)}" aria-label="{escape(tip)}">{inner}</a>' if href else inner)
        if i % step == 0 or i == len(points) - 1:
            parts.append(f'<text x="{sx(i):.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" text-anchor="middle" font-size="11" fill="{DARK}">{label[:7]}</text>')
    parts.append("</svg>")
    return "".join(parts)
