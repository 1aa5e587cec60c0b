"""Benchmark: load throughput over Bolt, batched UNWIND/MERGE versus one statement per row
(not a test). Starts the ArcadeDB test server (pip install -e '.[test]'), writes synthetic
organizations and PAYS relationships with the statements the writer generates, and prints rows
per second side by side for 10k and 100k relationships.

    .venv/bin/python benchmarks/bolt_load.py [--batch-size 5000] [--per-row-sample 5000]

One statement per row is timed on the first --per-row-sample rows of each size (it is the slow
path; its rate does not depend on the total), the batched load on all rows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bolt_server import ArcadeServer  # noqa: E402
from neo4j import GraphDatabase  # noqa: E402

from aigraph.graph.outputs.neo4j import (  # noqa: E402
    constraint_statements,
    node_statement,
    relationship_statement,
)
from aigraph.graph.synthetic import synthetic_money_flows  # noqa: E402

SIZES = ((2_000, 10_000), (20_000, 100_000))
NODES = node_statement(("Organization",))
RELS = relationship_statement("PAYS", "Organization", "Organization")


def rows_of(organizations: int, flows: int):
    generated, _ = synthetic_money_flows(organizations, flows)
    nodes = [
        {"id": f"org-{i:06d}", "properties": {"id": f"org-{i:06d}", "name": f"Org {i}"}}
        for i in range(organizations)
    ]
    rels = [
        {
            "source": f.payer,
            "target": f.payee,
            "key": f"deal-{i}",
            "properties": {
                "deal": f"deal-{i}",
                "total": f.usd,
                "total_unit": "USD",
                "flow": "investment" if f.investment else "commercial",
            },
        }
        for i, f in enumerate(generated)
    ]
    return nodes, rels


def write(session, statement, rows, stamp):
    session.execute_write(lambda tx: tx.run(statement, rows=rows, stamp=stamp).consume())


def clear(session):
    while True:
        removed = session.execute_write(
            lambda tx: tx.run(
                "MATCH (n:Organization) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS c"
            ).single()["c"]
        )
        if removed == 0:
            return


def timed_load(session, nodes, rels, batch_size):
    started = time.perf_counter()
    for start in range(0, len(nodes), batch_size):
        write(session, NODES, nodes[start : start + batch_size], "bench")
    node_time = time.perf_counter() - started
    started = time.perf_counter()
    for start in range(0, len(rels), batch_size):
        write(session, RELS, rels[start : start + batch_size], "bench")
    return node_time, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--per-row-sample", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root, ArcadeServer.start(Path(root)) as server:
        driver = GraphDatabase.driver(server.uri, auth=(server.username, server.password))
        with driver.session(database=server.database) as session:
            for statement in constraint_statements():
                session.execute_write(lambda tx, s=statement: tx.run(s).consume())
            warm_nodes, warm_rels = rows_of(500, 2_000)  # let the server's JIT warm up first
            timed_load(session, warm_nodes, warm_rels, args.batch_size)
            clear(session)
            print(f"Bolt load into {server.uri} (ArcadeDB test server), constraints first")
            print(
                f"{'rels':>8} {'nodes':>7} {'batched nodes/s':>16} {'batched rels/s':>15} "
                f"{'per-row nodes/s':>16} {'per-row rels/s':>15} {'speed-up':>9}"
            )
            for organizations, flows in SIZES:
                nodes, rels = rows_of(organizations, flows)
                clear(session)
                node_time, rel_time = timed_load(session, nodes, rels, args.batch_size)
                clear(session)
                sample = args.per_row_sample
                sample_nodes = nodes[:sample]
                ids = {n["id"] for n in sample_nodes}
                sample_rels = [r for r in rels if r["source"] in ids and r["target"] in ids]
                sample_rels = sample_rels[:sample]
                started = time.perf_counter()
                for row in sample_nodes:
                    write(session, NODES, [row], "bench")
                row_node_time = time.perf_counter() - started
                started = time.perf_counter()
                for row in sample_rels:
                    write(session, RELS, [row], "bench")
                row_rel_time = time.perf_counter() - started
                batched_rels = len(rels) / rel_time
                per_row_rels = len(sample_rels) / row_rel_time if sample_rels else float("nan")
                print(
                    f"{flows:>8} {organizations:>7} {len(nodes) / node_time:>16,.0f} "
                    f"{batched_rels:>15,.0f} {len(sample_nodes) / row_node_time:>16,.0f} "
                    f"{per_row_rels:>15,.0f} {batched_rels / per_row_rels:>8.0f}x"
                )
                clear(session)
        driver.close()


if __name__ == "__main__":
    main()
