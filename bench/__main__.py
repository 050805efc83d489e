"""Run every benchmark (``bench/bench_*.py``), print a table and write ``bench/results/*.json``.

    python -m bench                # all benchmarks
    python -m bench speed fused    # only these (by module suffix)
    python -m bench --quick        # smaller samples, for a smoke run
    python -m bench train-fused    # a command: runs ``bench/train_fused.py``'s ``main()`` (also build-fused-bigrams)

Each ``bench/bench_<name>.py`` defines ``run(quick: bool) -> list[Row]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from dataclasses import asdict
from pathlib import Path

from bench.common import Row

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def available() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


#: Commands (``train-...``, ``build-...``): module ``bench/<name with _>.py`` with a ``main()``.
COMMANDS = ("train-", "build-")


def main() -> None:
    import sys

    if len(sys.argv) > 1 and sys.argv[1].startswith(COMMANDS):
        importlib.import_module(f"bench.{sys.argv[1].replace('-', '_')}").main()
        return
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(available())})")
    parser.add_argument("--quick", action="store_true", help="smaller samples (smoke run)")
    args = parser.parse_args()
    names = args.names or available()
    unknown = set(names) - set(available())
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    RESULTS.mkdir(exist_ok=True)
    rows: list[Row] = []
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        started = time.perf_counter()
        produced = module.run(args.quick)
        elapsed = time.perf_counter() - started
        (RESULTS / f"{name}.json").write_text(
            json.dumps([asdict(r) for r in produced], indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        rows.extend(produced)
        print(f"[{name}: {elapsed:.1f}s]", flush=True)
    print_table(rows)


def print_table(rows: list[Row]) -> None:
    header = ("benchmark", "metric", "value", "target", "met", "note")
    table = [header] + [
        (
            r.benchmark,
            r.metric,
            f"{r.value:.4g}" if isinstance(r.value, float) else str(r.value),
            r.target,
            r.passed,
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
