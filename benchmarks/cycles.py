"""Benchmark: circular-financing cycle search against networkx.simple_cycles (not a test).

Prints, for synthetic money-flow graphs of 10k, 100k and 1M flows, the time of the project's
bounded search (queries.cycles.find_cycles: compiled, and pure Python up to 100k) beside
networkx's simple_cycles(length_bound) (up to 100k, within the timeout), and checks that all find
the same qualifying cycles where they finish. The compiled kernel is warmed up first (its first
call loads the compiled code, about a second).

    .venv/bin/python benchmarks/cycles.py [--max-length 6] [--timeout 300]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx

from aigraph.graph.synthetic import synthetic_money_flows
from aigraph.queries.cycles import COMMERCIAL, INVESTMENT, find_cycles

BOTH = INVESTMENT | COMMERCIAL
SIZES = ((2_000, 10_000), (20_000, 100_000), (200_000, 1_000_000))
PYTHON_UP_TO = 100_000


def edges_of(organizations: int, flows: int) -> list[tuple[str, str, int]]:
    generated, _ = synthetic_money_flows(organizations, flows)
    return [(f.payer, f.payee, INVESTMENT if f.investment else COMMERCIAL) for f in generated]


def networkx_cycles(edges, max_length, queue) -> None:
    masks: dict[tuple[str, str], int] = {}
    for a, b, m in edges:
        masks[(a, b)] = masks.get((a, b), 0) | m
    digraph = nx.DiGraph()
    digraph.add_edges_from(masks)
    started = time.perf_counter()
    found = set()
    for cycle in nx.simple_cycles(digraph, length_bound=max_length):
        if len(cycle) < 2:
            continue
        mask = 0
        for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
            mask |= masks[(a, b)]
        if mask == BOTH:
            start = cycle.index(min(cycle))
            found.add(tuple(cycle[start:] + cycle[:start]))
    queue.put((time.perf_counter() - started, found))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-length", type=int, default=6)
    parser.add_argument("--timeout", type=float, default=300.0, help="networkx time limit (s)")
    args = parser.parse_args()
    print(
        f"cycle search, length 2..{args.max_length}, loops with an investment and a commercial flow"
    )
    print(
        f"{'flows':>8} {'orgs':>7} {'cycles':>9} {'compiled':>9} {'python':>8} {'networkx':>9}"
        f"  {'same?':>5} {'x networkx':>10}"
    )
    find_cycles([("a", "b", INVESTMENT), ("b", "a", COMMERCIAL)], engine="compiled")  # warm up
    for organizations, flows in SIZES:
        edges = edges_of(organizations, flows)
        started = time.perf_counter()
        ours = find_cycles(edges, max_length=args.max_length, required_mask=BOTH, engine="compiled")
        ours_time = time.perf_counter() - started
        python_text, same = "skipped", "yes"
        if flows <= PYTHON_UP_TO:
            started = time.perf_counter()
            python = find_cycles(
                edges, max_length=args.max_length, required_mask=BOTH, engine="python"
            )
            python_text = f"{time.perf_counter() - started:7.2f}s"
            same = "yes" if python.cycles == ours.cycles else "NO"
        nx_text, ratio = "skipped", ""
        if flows <= PYTHON_UP_TO:
            queue: multiprocessing.Queue = multiprocessing.Queue()
            worker = multiprocessing.Process(
                target=networkx_cycles, args=(edges, args.max_length, queue)
            )
            worker.start()
            try:
                nx_time, nx_found = queue.get(timeout=args.timeout)
                if nx_found != set(ours.cycles):
                    same = "NO"
                nx_text = f"{nx_time:8.2f}s"
                ratio = f"{nx_time / ours_time:9.0f}x"
            except Exception:  # queue.Empty: networkx did not finish in time
                worker.terminate()
                nx_text = f">{args.timeout:.0f}s"
            worker.join()
        print(
            f"{flows:>8} {organizations:>7} {len(ours.cycles):>9} {ours_time:>8.2f}s "
            f"{python_text:>8} {nx_text:>9}  {same:>5} {ratio:>10}",
            flush=True,
        )


if __name__ == "__main__":
    main()
