"""Shared helpers for benchmarks: timing, medians, percentiles and the results file."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results" / "latest.json"


def time_call(fn: Callable[[], Any]) -> float:
    """Seconds one call of ``fn`` takes (perf_counter)."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_time(fn: Callable[[], Any], runs: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``runs`` calls after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        fn()
    return statistics.median(time_call(fn) for _ in range(runs))


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (0-100) by nearest rank."""
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def record(section: str, figures: dict[str, Any]) -> None:
    """Print ``figures`` and merge them into bench/results/latest.json under ``section``."""
    print(f"\n== {section}")
    for key, value in figures.items():
        shown = f"{value:.3f}" if isinstance(value, float) else value
        print(f"  {key:<48} {shown}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {}
    if RESULTS.exists():
        try:
            data = json.loads(RESULTS.read_text(encoding="utf-8"))
        except ValueError:
            data = {}
    data.setdefault("machine", {}).update(
        {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        }
    )
    data[section] = figures
    RESULTS.write_text(
        json.dumps(data, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
