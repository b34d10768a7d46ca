"""How hard the property-based and schema fuzz tests try.

CI runs each with a bounded number of examples. `VIGIL_FUZZ_SCALE=N` multiplies every bound by N for a longer
hunt (docs/api.md, "Fuzzing"); failures hypothesis finds are replayed first on the next run from its database.
"""
from __future__ import annotations

import os


def scale() -> int:
    raw = os.environ.get("VIGIL_FUZZ_SCALE", "1")
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"VIGIL_FUZZ_SCALE must be a whole number of 1 or more, not {raw!r}") from None
    if value < 1:
        raise ValueError(f"VIGIL_FUZZ_SCALE must be 1 or more, not {value}")
    return value


def examples(ci_bound: int) -> int:
    """`ci_bound` examples in CI, times VIGIL_FUZZ_SCALE when asked for a longer run."""
    return ci_bound * scale()
