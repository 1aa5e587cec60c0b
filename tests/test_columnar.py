"""The column-wise paths give what the per-record paths give: flat properties (nodes, money
flows, group flows), the neo4j-admin CSV export (byte for byte against the row-by-row writer,
kept in tests/neo4j_csv_rows.py as the oracle), on the bundled data, on a graph with hostile
text, and on synthetic deals (benchmarks' generator, :func:`synthetic_records`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from money_flows_per_record import deal_flows_per_record
from neo4j_csv_rows import write_neo4j_csv_rows

from aigraph.graph import EmbeddedGraph
from aigraph.graph.columns import flat_column, prop_columns, row_of
from aigraph.graph.dataset import Dataset
from aigraph.graph.elements import group_pays_relationship, pays_relationship
from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.properties import flat_values, properties_of
from aigraph.graph.model.schema import FLOW_PROPERTIES, node_props
from aigraph.graph.money import FlowFilter, deal_flows
from aigraph.graph.outputs.exports import ExportFormat, export
from aigraph.graph.synthetic import synthetic_records
from aigraph.loaders import load_curated
from aigraph.queries.flows import flow_record, flow_records

SYNTHETIC_DEALS = 10_000
"""Synthetic deals of the comparisons of whole results (the export)."""
SMALL_SYNTHETIC_DEALS = 2_000
"""Synthetic deals of the comparisons of each value (properties, relationships)."""

HOSTILE_YAML = """\
sources:
  - {id: src, title: A source, kind: trade-press, url: "https://example.org/a"}
organizations:
  - id: hostile
    name: "O'Brien \\"quoted\\" back\\\\slash\\nnew line\\ttab; semi // not a comment */"
    aliases: ["it's", "a; b"]
    citations: [{source: src, quote: "a 'quote' with \\"both\\"", states: [name]}]
  - {id: plain, name: Plain, citations: [{source: src, quote: "plain", states: ["*"]}]}
deals:
  - {id: deal, kind: investment, title: "x", parties: {investor: hostile, investee: plain}, status: signed, confidence: high, value: 1.5B USD, citations: [{source: src, quote: "deal", states: ["*"]}]}
"""


@pytest.fixture(scope="module")
def synthetic() -> EmbeddedGraph:
    return EmbeddedGraph(Dataset(synthetic_records(SYNTHETIC_DEALS)))


@pytest.fixture(scope="module")
def small_synthetic() -> EmbeddedGraph:
    return EmbeddedGraph(Dataset(synthetic_records(SMALL_SYNTHETIC_DEALS)))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> EmbeddedGraph:
    directory = tmp_path_factory.mktemp("hostile")
    (directory / "data.yaml").write_text(HOSTILE_YAML)
    return EmbeddedGraph(load_curated(directory))


def graphs(request: pytest.FixtureRequest, name: str) -> EmbeddedGraph:
    return request.getfixturevalue(name)


@pytest.mark.parametrize(
    "values",
    [
        [Amount.parse("1.5B USD"), None, Amount.parse("150M USD/month")],
        [PartialDate.parse("2026-Q3"), None],
        ["a", 1, None, 2.5, True],
        [["a", "b"], [], None, ("x",)],
        [Amount.parse("1B USD"), "mixed", None],
    ],
)
def test_a_column_flattens_as_each_value_does(values):
    for parts in (None, ("", "text"), ("unit",)):
        columns = flat_column("v", values, parts)
        for row, value in enumerate(values):
            expected = {
                k: v for k, v in flat_values("v", value, parts).items() if v is not None and v != []
            }
            got = {k: c[row] for k, c in columns.items() if c[row] is not None and c[row] != []}
            assert got == expected


@pytest.mark.parametrize("name", ["curated", "small_synthetic", "hostile"])
def test_node_columns_are_the_properties_of_each_record(request, name):
    graph = graphs(request, name)
    by_type: dict[type, list] = {}
    for record in graph.dataset:
        by_type.setdefault(type(record), []).append(record)
    for record_type, records in by_type.items():
        columns = prop_columns(node_props(record_type), records, graph.dataset)
        for row, record in enumerate(records):
            assert row_of(columns, row) == properties_of(
                node_props(record_type), record, graph.dataset
            )


@pytest.mark.parametrize("name", ["curated", "small_synthetic"])
def test_relationship_chunks_are_the_graphs_relationships(request, name):
    """Every relationship, read column-wise, has the ends, key and properties the per-object
    path gives (money flows and group flows included), in the same order per type."""
    graph = graphs(request, name).graph
    expected: dict[str, list[tuple]] = {}
    for rel in graph.relationships():
        expected.setdefault(rel.type, []).append((rel.source, rel.target, rel.key, rel.properties))
    got: dict[str, list[tuple]] = {}
    for chunk in graph.relationship_chunks(rows=997):  # small chunks: boundaries are crossed
        got.setdefault(chunk.type, []).extend(
            (source, target, key, row_of(chunk.columns, row))
            for row, (source, target, key) in enumerate(
                zip(chunk.sources, chunk.targets, chunk.keys, strict=True)
            )
        )
    assert got.keys() == expected.keys()
    for rel_type in expected:
        assert got[rel_type] == expected[rel_type], rel_type


def test_flow_columns_are_each_flows_properties(small_synthetic):
    flows = small_synthetic.money_flows(include_inactive=True, min_status=None)
    columns = prop_columns(FLOW_PROPERTIES, flows)
    for row, flow in enumerate(flows):
        assert row_of(columns, row) == pays_relationship(flow).properties


def test_group_pays_keep_the_per_object_properties(curated):
    segments = curated.graph._segments
    group_flows = segments[4].objects
    chunks = [c for c in curated.graph.relationship_chunks() if c.type == "GROUP_PAYS"]
    rows = [row_of(c.columns, r) for c in chunks for r in range(len(c.keys))]
    assert rows == [group_pays_relationship(g).properties for g in group_flows]


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


@pytest.mark.parametrize("name", ["curated", "synthetic", "hostile"])
def test_the_column_wise_neo4j_csv_is_the_row_by_row_one_byte_for_byte(request, name, tmp_path):
    graph = graphs(request, name)
    export(graph, ExportFormat.NEO4J_CSV, tmp_path / "columns")
    (tmp_path / "rows").mkdir()
    write_neo4j_csv_rows(graph, tmp_path / "rows")
    columns, rows = _files(tmp_path / "columns"), _files(tmp_path / "rows")
    assert columns.keys() == rows.keys()
    for file_name in rows:
        assert columns[file_name] == rows[file_name], file_name
    if name == "hostile":  # an alias holds ';': arrays use the spare delimiter everywhere
        assert b"--array-delimiter=U+001F" in columns["import.sh"]


@pytest.mark.parametrize("name", ["curated", "small_synthetic"])
@pytest.mark.parametrize("group_level", [True, False])
def test_flow_records_are_the_per_flow_records_key_for_key(request, name, group_level):
    graph = graphs(request, name)
    for flows in (
        graph.money_flows(),
        graph.money_flows(include_inactive=True, min_status=None),
        graph.money_flows(as_of=PartialDate.parse("2025-06")),
    ):
        expected = [flow_record(flow, group_level) for flow in flows]
        got = flow_records(flows, group_level)
        assert [list(r.items()) for r in got] == [list(r.items()) for r in expected]


@pytest.mark.parametrize("name", ["curated", "small_synthetic", "hostile"])
def test_money_flows_are_the_per_record_ones(request, name):
    graph = graphs(request, name)
    for chosen in (FlowFilter(), FlowFilter(as_of=PartialDate.parse("2025-06"))):
        for deal in graph.dataset.deals:
            assert deal_flows(graph.dataset, deal, chosen) == deal_flows_per_record(
                graph.dataset, deal, chosen
            )


def test_exports_and_queries_run_with_the_collector_paused(monkeypatch, tmp_path):
    """Exports, the report and every query helper pause the cyclic collector (full
    collections walked the whole graph: half the export's time at 100k) and restore it."""
    import dataclasses
    import gc

    import aigraph.graph.outputs.exports as exports
    from aigraph.queries import QUERIES

    graph = EmbeddedGraph(load_curated())
    seen: list[bool] = []
    monkeypatch.setattr(exports, "write_json", lambda *_: seen.append(gc.isenabled()))
    export(graph, ExportFormat.JSON, tmp_path / "graph.json")
    deals = QUERIES["deals"]

    def records(*arguments):
        seen.append(gc.isenabled())
        return deals.records(*arguments)

    dataclasses.replace(deals, records=records).run(graph)
    assert seen == [False, False] and gc.isenabled()
