"""`make bench`: run every benchmark module and write bench/results/latest.json."""

from __future__ import annotations

import importlib
import sys

MODULES = [
    "bench.bench_photos",
    "bench.bench_search",
    "bench.bench_startup",
    "bench.bench_sync",
    "bench.bench_ui_sync",
]


def main(argv: list[str]) -> int:
    wanted = argv or MODULES
    for name in wanted:
        module = importlib.import_module(name if name.startswith("bench.") else f"bench.{name}")
        module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
