"""Benchmark: the bounds of the second hardening pass, figures printed (not a test).

1. Deal-table row ids: a table of N identical rows (the ids ``base``, ``base-2``, ... are
   found in linear time; they were quadratic).
2. A dense table: M organizations with an investment and a lease both ways between every pair;
   each command below runs in a fresh process (under a memory cap and a time-out, so a command
   that does not end is reported, not waited for), with its wall time and peak memory:
   ``build`` (the load alone), ``query circular-financing --max-seconds S`` with ``--limit
   5``, without it (JSON and table), ``query money-paths --max-length 6``, and with the same
   budget the null model (200 rewirings), ``report`` (table and JSON), ``stress``, ``hubs``
   and ``explain`` (a loop of 8 members); each says whether it stopped on its budget.

Measured here (2 shared cores), before -> after this pass: 20,000 identical rows 119.5 s ->
8.4 s; circular-financing --max-seconds 3 (--limit 5, or not) not done after 60 s -> 5.2 s
with --limit 5, 7.0 s as a table, 7.9 s as JSON (the load alone: 2.8 s), at most 513 MB;
money-paths --max-length 6 3.1 s (it had no bound). Every command bounded (issue 25): the
figures are in the README ("At scale").

    .venv/bin/python benchmarks/hardening.py [--identical 20000] [--orgs 50] [--max-seconds 3]
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aigraph.graph.synthetic import DEAL_TABLE_HEADER, dense_deal_table

MEMORY_CAP_MB = 3000
TIME_OUT_S = 120
NULL_MODEL = 200
"""Rewirings of the null model measured."""
EXPLAINED = 8
"""Members of the loop ``explain`` is asked about (the longest loop it searches)."""


def identical_table(path: Path, rows: int) -> Path:
    """Write ``rows`` identical deal rows; return the path."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(DEAL_TABLE_HEADER)
        row = [
            "Alpha",
            "Beta",
            "investment",
            "$1B",
            "",
            "2025-01-01",
            "signed",
            "Note",
            "quoted row",
        ]
        writer.writerows([row] * rows)
    return path


def time_identical(rows: int, directory: Path) -> float:
    """Return the seconds the deal-table loader takes on ``rows`` identical rows."""
    from aigraph.loaders import load_curated
    from aigraph.loaders.deals_table import load_deal_tables

    table = identical_table(directory / "identical.csv", rows)
    curated = load_curated()
    started = time.perf_counter()
    load_deal_tables([table], curated)
    return time.perf_counter() - started


def measure(arguments: list[str]) -> None:
    """Run the command line in this process (memory capped) and print seconds and peak MB."""
    cap = MEMORY_CAP_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from aigraph.cli import app

    started = time.perf_counter()
    try:
        app(arguments, standalone_mode=False)
        outcome = "ok"
    except MemoryError:
        outcome = "MemoryError"
    except SystemExit as exit_:
        outcome = f"exit {exit_.code}"
    except Exception as error:  # a usage error of the command line, reported as such
        outcome = f"{type(error).__name__}: {error}".replace("\n", " ")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT {seconds:.1f} {peak:.0f} {outcome}", file=sys.stderr)


def run_one(arguments: list[str]) -> str:
    """Return 'seconds, peak MB, outcome, truncated?' of the command in a fresh process
    (truncated: a warning on stderr said ``truncated: true``)."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--measure", *arguments],
            capture_output=True,
            text=True,
            timeout=TIME_OUT_S,
        )
    except subprocess.TimeoutExpired:
        return f"not done after {TIME_OUT_S} s (killed)"
    lines = [line for line in done.stderr.splitlines() if line.startswith("RESULT ")]
    if not lines:
        return f"failed (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:]}"
    _, seconds, peak, *outcome = lines[-1].split()
    truncated = "truncated: true" in done.stderr
    return f"{seconds} s, peak {peak} MB, {' '.join(outcome)}, truncated: {truncated}"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--identical", type=int, default=20_000)
    parser.add_argument("--orgs", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=3.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        seconds = time_identical(options.identical, directory)
        print(f"deal table, {options.identical} identical rows: {seconds:.2f} s")
        table = dense_deal_table(directory / "dense.csv", options.orgs)
        budget = f"{options.max_seconds:g}"
        deals = ["--deals", str(table)]
        explained = [f"org-{n:03d}" for n in range(EXPLAINED)]
        for label, arguments in (
            ("build (the load alone, for comparison)", ["build", "--json"]),
            (
                f"query circular-financing --max-seconds {budget} --limit 5",
                ["query", "circular-financing", "--max-seconds", budget, "--limit", "5", "--json"],
            ),
            (
                f"query circular-financing --max-seconds {budget} (JSON)",
                ["query", "circular-financing", "--max-seconds", budget, "--json"],
            ),
            (
                f"query circular-financing --max-seconds {budget} (table)",
                ["query", "circular-financing", "--max-seconds", budget],
            ),
            (
                f"query money-paths --max-length 6 --max-seconds {budget}",
                [
                    "query",
                    "money-paths",
                    "--source",
                    "org-000",
                    "--target",
                    "org-001",
                    "--max-length",
                    "6",
                    "--max-seconds",
                    budget,
                    "--json",
                ],
            ),
            (
                f"query circular-financing --null-model {NULL_MODEL} --max-seconds {budget}",
                [
                    "query",
                    "circular-financing",
                    "--null-model",
                    str(NULL_MODEL),
                    "--max-seconds",
                    budget,
                    "--json",
                ],
            ),
            (f"report --max-seconds {budget} (table)", ["report", "--max-seconds", budget]),
            (
                f"report --max-seconds {budget} (JSON)",
                ["report", "--max-seconds", budget, "--json"],
            ),
            (
                f"stress --remove org-000 --max-seconds {budget}",
                ["stress", "--remove", "org-000", "--max-seconds", budget, "--json"],
            ),
            (f"hubs --max-seconds {budget}", ["hubs", "--max-seconds", budget, "--json"]),
            (
                f"explain ({EXPLAINED} members) --max-seconds {budget}",
                ["explain", *explained, "--max-seconds", budget, "--json"],
            ),
        ):
            print(f"{options.orgs} organizations, {label}: {run_one([*arguments, *deals])}")


if __name__ == "__main__":
    main()
