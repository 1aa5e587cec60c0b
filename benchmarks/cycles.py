"""Benchmark: circular-financing cycle search against networkx.simple_cycles (not a test).

Prints, for synthetic money-flow graphs of 10k and 100k flows, the time of the project's bounded
search (queries.cycles.find_cycles) beside networkx's simple_cycles(length_bound), and checks that
both find the same qualifying cycles where networkx finishes within the timeout.

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
SIZES = ((2_000, 10_000), (20_000, 100_000))


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
    print(f"{'flows':>8} {'orgs':>7} {'cycles':>9} {'find_cycles':>12} {'networkx':>10}  same?")
    for organizations, flows in SIZES:
        edges = edges_of(organizations, flows)
        started = time.perf_counter()
        ours = find_cycles(edges, max_length=args.max_length, required_mask=BOTH)
        ours_time = time.perf_counter() - started
        queue: multiprocessing.Queue = multiprocessing.Queue()
        worker = multiprocessing.Process(
            target=networkx_cycles, args=(edges, args.max_length, queue)
        )
        worker.start()
        try:
            nx_time, nx_found = queue.get(timeout=args.timeout)
            same = "yes" if nx_found == set(ours.cycles) else "NO"
            nx_text = f"{nx_time:9.2f}s"
        except Exception:  # queue.Empty: networkx did not finish in time
            worker.terminate()
            nx_text, same = f">{args.timeout:.0f}s", "n/a"
        worker.join()
        print(
            f"{flows:>8} {organizations:>7} {len(ours.cycles):>9} {ours_time:>11.2f}s "
            f"{nx_text:>10}  {same}"
        )


if __name__ == "__main__":
    main()
