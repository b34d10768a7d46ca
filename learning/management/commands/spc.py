"""`manage.py spc FILE.json`: chart a series from a file and print the result as one JSON object."""
from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from learning import spc

KNOWN_KEYS = {
    "values", "better", "target", "recalculate_at", "labels", "baseline", "chart", "lower_bound", "upper_bound",
    "screen_moving_ranges",
}
EXAMPLE = '{"values": [12, 9, 14, 11], "better": "down", "target": 10}'


class Command(BaseCommand):
    help = (
        "Statistical process control (NHS Making Data Count) for a series in a JSON file: "
        f"{EXAMPLE}. Optional keys: recalculate_at (indices where a new period starts), labels, baseline, "
        'chart ("auto", "xmr", "run" or "t"), lower_bound, upper_bound, screen_moving_ranges. '
        'Prints one JSON object. Use "-" to read the file from standard input.'
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the JSON file, or - for standard input.")
        parser.add_argument("--compact", action="store_true", help="Print the JSON on one line.")

    def handle(self, *args, file, compact, **options):
        spec = self._load(file)
        chart = spec.pop("chart", "auto")
        try:
            if chart == "t":
                for key in ("lower_bound", "upper_bound"):
                    if key in spec:
                        raise CommandError(f'"{key}" does not apply to a T chart (times are never negative).')
                result = spc.t_chart(spec.pop("values"), **spec)
            else:
                result = spc.analyse(spec.pop("values"), chart=chart, **spec)
        except spc.SPCError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(result.to_dict(), indent=None if compact else 2, allow_nan=False))

    def _load(self, file: str) -> dict:
        try:
            if file == "-":
                text = sys.stdin.read()
            else:
                with open(file, encoding="utf-8") as fh:
                    text = fh.read()
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {file}") from exc
        except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            spec = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{file} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}). "
                               f"Expected something like {EXAMPLE}") from exc
        except ValueError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        if not isinstance(spec, dict):
            raise CommandError(f"{file} must hold a JSON object such as {EXAMPLE}")
        unknown = set(spec) - KNOWN_KEYS
        if unknown:
            raise CommandError(
                f"Unknown key(s) {', '.join(sorted(unknown))}; accepted: {', '.join(sorted(KNOWN_KEYS))}."
            )
        if "values" not in spec:
            raise CommandError(f'{file} has no "values": give a list of numbers, e.g. {EXAMPLE}')
        values = spec["values"]
        if not isinstance(values, list):
            raise CommandError('"values" must be a list of numbers.')
        bad = [i for i, v in enumerate(values) if isinstance(v, bool) or not isinstance(v, (int, float))]
        if bad:
            shown = ", ".join(f"{i} ({values[i]!r})" for i in bad[:5])
            raise CommandError(f'"values" must all be numbers; not numbers at position(s) {shown}.')
        if spec.get("better") not in ("up", "down"):
            raise CommandError(f'"better" must be "up" or "down", not {spec.get("better")!r}.')
        if not isinstance(spec.get("screen_moving_ranges", False), bool):
            raise CommandError('"screen_moving_ranges" must be true or false.')
        if spec.get("chart", "auto") not in ("auto", "xmr", "run", "t"):
            raise CommandError(f'"chart" must be "auto", "xmr", "run" or "t", not {spec["chart"]!r}.')
        return spec


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number a chart can use")
