"""Start-up time of the ``baton`` command, against the venv's Python importing its basics.

Run:  .venv/bin/python bench/bench_cli_startup.py [--runs 15]

Each command runs as a fresh subprocess (one warm-up run first, so the files are in the
page cache), ``--runs`` times; the table gives the median and the fastest run in
milliseconds, and each command's median over the baseline's. The baseline is what any
command of Baton pays at least: the venv's Python importing SQLAlchemy and pydantic.
Target: ``baton --help`` and ``baton billing codes`` within 2x of it. Results go to
stdout and to bench/results/cli-startup-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

from bench_spine import machine

ROOT = Path(__file__).resolve().parents[1]

PYTHON = str(ROOT / ".venv" / "bin" / "python")
BATON = str(ROOT / ".venv" / "bin" / "baton")
BASELINE = "python -c 'import sqlalchemy, pydantic' (baseline)"
COMMANDS: dict[str, list[str]] = {
    BASELINE: [PYTHON, "-c", "import sqlalchemy, pydantic"],
    "baton --help": [BATON, "--help"],
    "baton --version": [BATON, "--version"],
    "baton billing codes --program ccm --minutes 45 --json": [
        *[BATON, "billing", "codes", "--program", "ccm", "--minutes", "45", "--json"]
    ],
}
TARGET_RATIO = 2.0
TARGETED = ("baton --help", "baton billing codes --program ccm --minutes 45 --json")


def time_command(argv: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], int]:
    """Wall-clock milliseconds of ``runs`` fresh processes after one warm-up run, and the
    exit code (kept, not fatal: a command that does not exist yet is timed all the same)."""
    subprocess.run(argv, env=env, capture_output=True, check=False)
    samples, exit_code = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, check=False)
        samples.append((time.perf_counter() - start) * 1000)
        exit_code = exit_code or done.returncode
    return samples, exit_code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--label", default="", help="a word for the results file name (e.g. before)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # A data directory of its own: nothing the user keeps is read or written.
        env = {**os.environ, "BATON_DATA_DIR": tmp}
        timings = {name: time_command(argv, args.runs, env) for name, argv in COMMANDS.items()}
    baseline = statistics.median(timings[BASELINE][0])
    rows = {
        name: {
            "median_ms": round(statistics.median(samples), 1),
            "min_ms": round(min(samples), 1),
            "x_baseline": round(statistics.median(samples) / baseline, 2),
            "exit_code": exit_code,
        }
        for name, (samples, exit_code) in timings.items()
    }
    results = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "runs": args.runs,
        "label": args.label,
        "target": f"{' and '.join(TARGETED)} within {TARGET_RATIO:g}x of the baseline",
        "target_met": all(rows[name]["x_baseline"] <= TARGET_RATIO for name in TARGETED),
        "commands": rows,
    }
    width = max(len(name) for name in rows)
    print(f"{results['machine']}; median of {args.runs} runs after a warm-up")
    print(f"{'command':<{width}}  {'median ms':>10}  {'min ms':>8}  {'x baseline':>10}")
    for name, row in rows.items():
        failed = f"  (exit {row['exit_code']})" if row["exit_code"] else ""
        print(
            f"{name:<{width}}  {row['median_ms']:>10.1f}  {row['min_ms']:>8.1f}"
            f"  {row['x_baseline']:>10.2f}{failed}"
        )
    print(f"target ({results['target']}): {'met' if results['target_met'] else 'NOT met'}")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    suffix = f"-{args.label}" if args.label else ""
    out = out_dir / f"cli-startup-{results['date']}{suffix}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
