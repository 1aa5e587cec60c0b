"""Benchmark: the whole path at scale, on synthetic datasets of records (not a test).

For each size: records -> embedded graph (build s; peak MB of the process after the build, the
records included), the circular-financing loop search on the graph's money flows (s, loops,
truncated; the compiled kernel is loaded before the clock starts), networkx
``simple_cycles(length_bound=6)`` on the same group-level edges (skipped past 100k deals or
after --networkx-timeout), ``aigraph report`` on the graph (s, output discarded) and the
``neo4j-csv`` export (s), and the peak MB of the whole run (run_peak_mb: the report keeps the
flow records of its filters). Each size runs in a fresh process, so peak memory is its own.

Under each size's row, a line of what each step costs per deal: microseconds (the records are
made before the clock of the build starts) and bytes, as the growth of the process's peak
memory over the step (the records': what the synthetic records themselves take; a step that
stays under the peak already reached costs 0 more bytes).

    .venv/bin/python benchmarks/scale.py [--deals 10000 100000 1000000] [--json]

``--json`` prints one JSON object per size, one a line, with the keys deals, build_s, peak_mb,
search_s, loops, truncated, networkx_s (null when skipped), report_s, export_s, run_peak_mb and
per_deal ({step: {"us": ..., "bytes": ...}} for records, build, search, report, export).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import queue
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cycles import networkx_cycles  # the oracle of benchmarks/cycles.py, shared

NETWORKX_UP_TO = 100_000
"""Past this many deals networkx is not run (it would not finish in any useful time)."""
KEYS = (
    "deals",
    "build_s",
    "peak_mb",
    "search_s",
    "loops",
    "truncated",
    "networkx_s",
    "report_s",
    "export_s",
    "run_peak_mb",
)
STEPS = ("records", "build", "search", "report", "export")
"""The steps measured per deal (the records are the synthetic input, made first)."""


def measure(deals: int, networkx_timeout: float) -> dict[str, Any]:
    """Return the figures of one size (run in a process of its own)."""
    from aigraph.console import console
    from aigraph.graph import EmbeddedGraph
    from aigraph.graph.dataset import Dataset
    from aigraph.graph.outputs.exports import ExportFormat, export
    from aigraph.graph.synthetic import synthetic_records
    from aigraph.printing import print_report
    from aigraph.queries.cycles import COMMERCIAL, INVESTMENT, compiled_available, find_cycles
    from aigraph.queries.library.circular_financing import (
        CircularFinancingParams,
        loop_flows,
        search_edges,
    )

    peaks = [_peak_bytes()]
    started = time.perf_counter()
    records = synthetic_records(deals)
    records_s = time.perf_counter() - started
    peaks.append(_peak_bytes())
    started = time.perf_counter()
    graph = EmbeddedGraph(Dataset(records))
    build_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peaks.append(_peak_bytes())

    params = CircularFinancingParams()
    edges = search_edges(loop_flows(graph, params), params)  # what circular-financing walks
    if compiled_available():  # load the compiled kernel first: a one-off per process (~1 s)
        find_cycles([("a", "b", INVESTMENT), ("b", "a", COMMERCIAL)], 2, engine="compiled")
    started = time.perf_counter()
    search = find_cycles(
        edges,
        max_length=params.max_length,
        required_mask=INVESTMENT | COMMERCIAL,
        max_cycles=params.max_cycles,
        max_seconds=params.max_seconds,
    )
    search_s = time.perf_counter() - started
    peaks.append(_peak_bytes())

    networkx_s = None
    if deals <= NETWORKX_UP_TO:
        out: multiprocessing.Queue = multiprocessing.Queue()
        worker = multiprocessing.Process(target=networkx_cycles, args=(edges, 6, out))
        worker.start()
        try:
            networkx_s, found = out.get(timeout=networkx_timeout)
            if not search.truncated and found != set(search.cycles):
                raise SystemExit(f"{deals} deals: networkx and find_cycles disagree")
        except queue.Empty:
            worker.terminate()
        worker.join()

    started = time.perf_counter()
    with console.capture():
        print_report(graph)
    report_s = time.perf_counter() - started
    peaks.append(_peak_bytes())

    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        export(graph, ExportFormat.NEO4J_CSV, Path(work) / "csv")
        export_s = time.perf_counter() - started
    run_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peaks.append(_peak_bytes())
    seconds = (records_s, build_s, search_s, report_s, export_s)
    per_deal = {
        step: {
            "us": round(step_s / deals * 1e6, 1),
            "bytes": round((peaks[at + 1] - peaks[at]) / deals),
        }
        for at, (step, step_s) in enumerate(zip(STEPS, seconds, strict=True))
    }
    return {
        "deals": deals,
        "build_s": round(build_s, 2),
        "peak_mb": round(peak_mb),
        "search_s": round(search_s, 2),
        "loops": len(search.cycles),
        "truncated": search.truncated,
        "networkx_s": None if networkx_s is None else round(networkx_s, 2),
        "report_s": round(report_s, 2),
        "export_s": round(export_s, 2),
        "run_peak_mb": round(run_peak_mb),
        "per_deal": per_deal,
    }


def _peak_bytes() -> int:
    """Return the peak resident memory of this process so far, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def per_deal_line(figures: dict[str, Any]) -> str:
    """Return the line of what each step cost per deal, e.g.
    ``  per deal: records 120 us 4,800 B; build 53 us 1,100 B; ...``."""
    steps = "; ".join(
        f"{step} {cost['us']:,.1f} us {cost['bytes']:,} B"
        for step, cost in figures["per_deal"].items()
    )
    return f"  per deal: {steps}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--json", action="store_true", help="One JSON object per size.")
    parser.add_argument("--networkx-timeout", type=float, default=600.0)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.networkx_timeout)))
        return
    if not args.json:
        print(" ".join(f"{key:>10}" for key in KEYS))
    for deals in args.deals:
        command = [
            sys.executable,
            __file__,
            "--one",
            str(deals),
            "--networkx-timeout",
            str(args.networkx_timeout),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"{deals} deals failed:\n{result.stderr[-2000:]}")
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        if args.json:
            print(json.dumps(figures), flush=True)
        else:
            print(" ".join(f"{figures[key]!s:>10}" for key in KEYS))
            print(per_deal_line(figures), flush=True)


if __name__ == "__main__":
    main()
