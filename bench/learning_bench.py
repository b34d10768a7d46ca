"""Benchmark the theme classifier and the redactor on one CPU core.

    python bench/learning_bench.py [--model DIR] [--count 3000] [--words 80]

Reports: model load time; narratives classified per second (batched, as themes_backfill and themes_classify
run) and single-narrative latency (as a new report is classified); resident memory of the process with the
model loaded; the baseline's throughput; redaction throughput. Narratives are real corpus lines joined until
they reach --words words. Pinned to one core with BLAS threads limited to one. Prints a JSON summary last.

Rates are given twice: per second of wall-clock time, and per second of CPU time used by this process. On a
quiet machine the two agree; when other processes share the pinned core, the wall-clock rate falls with the
load while the CPU-time rate still says what one dedicated core would do. The load average is printed too.
"""
from __future__ import annotations

import os

# One core, and no BLAS thread pool, before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def narratives(count: int, words: int) -> list[str]:
    from learning.classifier.corpus import load_corpus

    texts = [e.text for e in load_corpus()]
    out, i = [], 0
    while len(out) < count:
        parts, n = [], 0
        while n < words:
            parts.append(texts[i % len(texts)])
            n += len(texts[i % len(texts)].split())
            i += 1
        out.append(" ".join(" ".join(parts).split()[:words]))
    return out


def rate(func, items, repeat: int = 1) -> tuple[float, float]:
    """Items per second of wall-clock time and per second of this process's CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        func(items)
    n = len(items) * repeat
    return n / (time.perf_counter() - wall), n / (time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="Model directory (default: the one in use)")
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--words", type=int, default=80)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    import django

    django.setup()
    from learning.classifier.model import ThemeModel, current_model_dir
    from learning.redaction import get_pipeline, redact

    texts = narratives(args.count, args.words)
    before = rss_mb()
    start = time.perf_counter()
    model = ThemeModel(Path(args.model) if args.model else current_model_dir())
    load_seconds = time.perf_counter() - start
    model.scores(texts[:50])  # warm up
    loaded = rss_mb()

    batched = rate(model.scores, texts)
    latencies = []
    for text in texts[:300]:
        t = time.perf_counter()
        model.predict([text])
        latencies.append((time.perf_counter() - t) * 1000)
    after_classify = rss_mb()
    model.baseline_predict(texts[:50])
    baseline = rate(model.baseline_predict, texts)

    start = time.perf_counter()
    get_pipeline()
    redact("warm up Mr Smith 07700 900461")
    redaction_load = time.perf_counter() - start
    redaction = rate(lambda items: [redact(t) for t in items], texts[:1000])

    summary = {
        "model_version": model.version,
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "cpu_cores": os.cpu_count(),
        "narrative_words": args.words,
        "narratives": len(texts),
        "model_load_seconds": round(load_seconds, 2),
        "classified_per_second_batched": round(batched[0]),
        "classified_per_cpu_second_batched": round(batched[1]),
        "single_narrative_ms_p50": round(statistics.median(latencies), 2),
        "single_narrative_ms_p95": round(sorted(latencies)[int(len(latencies) * 0.95)], 2),
        "rss_mb_before_model": round(before),
        "rss_mb_model_loaded": round(loaded),
        "rss_mb_after_classifying": round(after_classify),
        "baseline_per_second": round(baseline[0]),
        "baseline_per_cpu_second": round(baseline[1]),
        "redaction_load_seconds": round(redaction_load, 2),
        "redacted_per_second": round(redaction[0]),
        "redacted_per_cpu_second": round(redaction[1]),
    }
    width = max(len(k) for k in summary)
    for key, value in summary.items():
        print(f"{key:<{width}}  {value}")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
