"""Every export format read back: GraphML and GEXF by networkx, node-link JSON, neo4j-admin
CSV by the csv module, and the Cypher script loaded into the test Bolt server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from aigraph.graph import EmbeddedGraph
from aigraph.graph.outputs.exports import ExportFormat, cypher_literal, cypher_script, export
from aigraph.graph.outputs.neo4j import check_database, write_graph
from aigraph.loaders import load_curated

HOSTILE = 'O\'Brien "quoted" back\\slash\nnew line\ttab; semi // not a comment */'
HOSTILE_YAML = """\
sources:
  - {id: src, title: A source, kind: trade-press, url: "https://example.org/a"}
organizations:
  - id: hostile
    name: "O'Brien \\"quoted\\" back\\\\slash\\nnew line\\ttab; semi // not a comment */"
    aliases: ["it's", "a \\\\ b"]
    citations: [{source: src, quote: "a 'quote' with \\"both\\"", states: [name]}]
  - {id: plain, name: Plain, citations: [{source: src, quote: "plain", states: ["*"]}]}
deals:
  - {id: deal, kind: investment, title: "x", parties: {investor: hostile, investee: plain}, status: signed, confidence: high, value: 1.5B USD, citations: [{source: src, quote: "deal", states: ["*"]}]}
"""


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory) -> EmbeddedGraph:
    directory = tmp_path_factory.mktemp("hostile")
    (directory / "data.yaml").write_text(HOSTILE_YAML)
    graph = EmbeddedGraph(load_curated(directory))
    assert graph.graph.nodes["hostile"]["name"] == HOSTILE
    return graph


def test_graphml_round_trips_with_typed_attributes(curated, tmp_path):
    path = tmp_path / "graph.graphml"
    export(curated, ExportFormat.GRAPHML, path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == curated.graph.number_of_nodes()
    assert back.number_of_edges() == curated.graph.number_of_edges()
    lease = back.nodes["reflection-spacex-colossus-lease"]
    assert lease["value"] == 150e6 and isinstance(lease["value"], float)
    assert lease["labels"] == "Deal:ComputeLease" and lease["status_rank"] == 4
    assert json.loads(back.nodes["spacex"]["roles"]) == ["aerospace", "neocloud", "ai-lab"]
    assert not any("object at 0x" in str(v) for _, d in back.nodes(data=True) for v in d.values())
    pays = [d for _, _, d in back.edges(data=True) if d["rel_type"] == "PAYS"]
    assert len(pays) == curated.relationship_counts()["PAYS"]


def test_gexf_round_trips(curated, tmp_path):
    path = tmp_path / "graph.gexf"
    export(curated, ExportFormat.GEXF, path)
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == curated.graph.number_of_nodes()
    assert back.number_of_edges() == curated.graph.number_of_edges()
    assert back.nodes["spacex"]["label"] == "SpaceX"
    assert back.nodes["reflection-spacex-colossus-lease"]["value"] == 150e6


def test_node_link_json_round_trips_exactly(curated, tmp_path):
    path = tmp_path / "graph.json"
    export(curated, ExportFormat.JSON, path)
    back = nx.node_link_graph(json.loads(path.read_text()), edges="edges", multigraph=True)
    assert sorted(back.nodes) == sorted(curated.graph.nodes)
    assert back.nodes["spacex"]["roles"] == curated.graph.nodes["spacex"]["roles"]
    assert sorted(back.edges(keys=True)) == sorted(curated.graph.edges(keys=True))


def test_neo4j_admin_csv_headers_and_values(hostile_graph, tmp_path):
    files = export(hostile_graph, ExportFormat.NEO4J_CSV, tmp_path / "csv")
    assert (tmp_path / "csv" / "import.sh") in files
    script = (tmp_path / "csv" / "import.sh").read_text()
    assert (
        "neo4j-admin database import full" in script and "--nodes=nodes-Organization.csv" in script
    )
    with (tmp_path / "csv" / "nodes-Organization.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:2] == ["id:ID", ":LABEL"] and "aliases:string[]" in rows[0]
    hostile = next(row for row in rows if row["id:ID"] == "hostile")
    assert hostile["name"] == HOSTILE and hostile[":LABEL"] == "Organization"
    assert hostile["aliases:string[]"].split(";") == ["it's", "a \\ b"]
    with (tmp_path / "csv" / "relationships-PAYS.csv").open(newline="") as handle:
        (pays,) = list(csv.DictReader(handle))
    assert (pays[":START_ID"], pays[":END_ID"], pays[":TYPE"]) == ("hostile", "plain", "PAYS")
    assert float(pays["amount:double"]) == 1.5e9 and pays["key"]
    counted = 0
    for file in files:
        if file.suffix == ".csv":
            with file.open(newline="") as handle:
                counted += len(list(csv.DictReader(handle)))
    assert counted == hostile_graph.graph.number_of_nodes() + hostile_graph.graph.number_of_edges()


def test_neo4j_admin_csv_columns_are_typed_from_every_row_and_rows_match_the_graph(
    curated, tmp_path
):
    """The export streams (no row list in memory): types still come from every row's value,
    and every node and relationship of the graph is one row with its properties."""
    directory = tmp_path / "csv"
    files = export(curated, ExportFormat.NEO4J_CSV, directory)
    assert not [p for p in directory.iterdir() if p.name.startswith(".")]  # scratch removed
    with (directory / "nodes-Organization.csv").open(newline="") as handle:
        header = next(csv.reader(handle))
    assert "aliases:string[]" in header and "name" in header
    with (directory / "relationships-PAYS.csv").open(newline="") as handle:
        reader = csv.DictReader(handle)
        pays = list(reader)
    assert "amount:double" in reader.fieldnames and "one_date:boolean" in reader.fieldnames
    expected = {
        (s, t, k): d
        for s, t, k, d in curated.graph.edges(keys=True, data=True)
        if d["type"] == "PAYS"
    }
    assert {(r[":START_ID"], r[":END_ID"], r["key"]) for r in pays} == set(expected)
    for row in pays:
        data = expected[(row[":START_ID"], row[":END_ID"], row["key"])]
        assert row["deal"] == data["deal"]
        assert row["amount:double"] == ("" if data.get("amount") is None else str(data["amount"]))
        assert row["one_date:boolean"] == str(data["one_date"]).lower()
    rows = 0
    for file in files:
        if file.suffix == ".csv":
            with file.open(newline="") as handle:
                rows += sum(1 for _ in csv.reader(handle)) - 1  # the header is not a row
    assert rows == curated.graph.number_of_nodes() + curated.graph.number_of_edges()


def test_cypher_literals_escape_everything():
    assert cypher_literal("a'b") == "'a\\'b'"
    assert cypher_literal("back\\slash") == "'back\\\\slash'"
    assert cypher_literal("new\nline") == "'new\\nline'"
    assert cypher_literal({"k": [1, 2.5, True, None]}) == "{`k`: [1, 2.5, true, null]}"
    with pytest.raises(ValueError):
        cypher_literal(float("nan"))


def test_cypher_script_is_one_statement_per_line(hostile_graph):
    lines = [line for line in cypher_script(hostile_graph).splitlines() if line.strip()]
    assert all(line.endswith(";") or line.startswith("//") for line in lines)
    assert any(line.startswith("CREATE CONSTRAINT") for line in lines)


def run_script(driver, database, script: str) -> None:
    statements = [line[:-1] for line in script.splitlines() if line.endswith(";")]
    with driver.session(database=database) as session:
        for statement in statements:
            session.execute_write(lambda tx, s=statement: tx.run(s).consume())


def clear(driver, database):
    with driver.session(database=database) as session:
        session.execute_write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())


@pytest.mark.neo4j
def test_the_cypher_script_survives_the_hostile_name(bolt_driver, bolt_settings, hostile_graph):
    clear(bolt_driver, bolt_settings.database)
    run_script(bolt_driver, bolt_settings.database, cypher_script(hostile_graph))
    with bolt_driver.session(database=bolt_settings.database) as session:
        (row,) = session.execute_read(
            lambda tx: list(
                tx.run(
                    "MATCH (o:Organization {id: 'hostile'}) "
                    "RETURN o.name AS name, o.aliases AS aliases"
                )
            )
        )
    assert row["name"] == HOSTILE and row["aliases"] == ["it's", "a \\ b"]


@pytest.mark.neo4j
def test_the_cypher_script_gives_the_counts_of_neo4j_load(bolt_driver, bolt_settings, curated):
    clear(bolt_driver, bolt_settings.database)
    write_graph(bolt_driver, curated, database=bolt_settings.database)
    loaded = check_database(bolt_driver, bolt_settings)
    clear(bolt_driver, bolt_settings.database)
    run_script(bolt_driver, bolt_settings.database, cypher_script(curated))
    scripted = check_database(bolt_driver, bolt_settings)
    assert (scripted.nodes, scripted.relationships) == (loaded.nodes, loaded.relationships)
    assert sum(scripted.nodes.values()) == curated.graph.number_of_nodes()


def test_export_command(tmp_path):
    from typer.testing import CliRunner

    from aigraph.cli import app

    result = CliRunner().invoke(app, ["export", "--format", "gexf", "-o", str(tmp_path / "g.gexf")])
    assert result.exit_code == 0 and Path(tmp_path / "g.gexf").exists()
    bad = CliRunner().invoke(app, ["export", "--format", "pdf", "-o", str(tmp_path / "g.pdf")])
    assert bad.exit_code == 2
