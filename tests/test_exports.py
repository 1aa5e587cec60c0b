"""Every export format read back: GraphML and GEXF by networkx, node-link JSON, neo4j-admin
CSV by the csv module, and the Cypher script loaded into the test Bolt server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from aigraph.graph import EmbeddedGraph
from aigraph.graph.model.dates import PartialDate
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


def test_import_script_is_neo4j_admin_5_syntax_with_multiline_fields(hostile_graph, tmp_path):
    export(hostile_graph, ExportFormat.NEO4J_CSV, tmp_path / "csv")
    script = (tmp_path / "csv" / "import.sh").read_text()
    command = " ".join(
        line.rstrip("\\").strip() for line in script.splitlines() if not line.startswith("#")
    ).split()
    # neo4j-admin 5.19+: the database name right after `full`, before the options
    assert command[:5] == ["neo4j-admin", "database", "import", "full", '"${1:-neo4j}"']
    assert "--multiline-fields=true" in command
    assert all(word.startswith("--") for word in command[5:])
    # the hostile name holds a line break: a cell that needs --multiline-fields
    assert "\n" in (tmp_path / "csv" / "nodes-Organization.csv").read_text().split("O'Brien")[1]


def _money_seeded(tmp_path):
    from seeds import deal, org, seeded

    return seeded(
        tmp_path,
        [org("chipco"), org("lab"), org("cloud"), org("labco", parent="lab")],
        [
            deal("lab-chips", "chip-supply", "lab", "chipco", value="3B USD", announced="2025-03"),
            deal("labco-chips", "chip-supply", "labco", "chipco", value=None, announced="2025-05"),
            deal("stake", "investment", "chipco", "lab", value="2B USD", announced="2025-01"),
            deal("inside", "investment", "lab", "labco", value="9B USD", announced="2025-01"),
            deal("rent", "compute-lease", "cloud", "chipco", start="2025-02", end="2027-02"),
            deal("gift", "investment", "cloud", "lab", value=None, announced="2025-04"),
        ],
    )


def test_money_gexf_is_dynamic_weighted_and_counts_unvalued_flows(tmp_path):
    graph = _money_seeded(tmp_path)
    path = tmp_path / "money.gexf"
    export(graph, ExportFormat.MONEY_GEXF, path)
    text = path.read_text()
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    back = nx.read_gexf(path)
    assert set(back.nodes) == {"chipco", "lab", "cloud"}  # groups; labco is inside lab
    assert back.nodes["lab"]["label"] == graph.record("lab").name
    pays = back.edges["lab", "chipco"]
    assert pays["weight"] == 3e9 and pays["valued"] == 1 and pays["unvalued"] == 1
    assert pays["deals"] == "lab-chips, labco-chips"
    assert not back.has_edge("lab", "labco")  # money inside a group is not between groups
    gift = back.edges["cloud", "lab"]
    assert "usd" not in gift and gift["unvalued"] == 1 and gift["valued"] == 0  # not zero
    rent = back.edges["cloud", "chipco"]
    assert rent["spells"] == [("2025-02-01", "2027-02-28")]  # the lease's term
    assert back.edges["chipco", "lab"]["spells"][0][0] == "2025-01-01"


def test_money_export_per_flow_by_organization_and_as_of(tmp_path):
    graph = _money_seeded(tmp_path)
    path = tmp_path / "flows.csv"
    files = export(graph, ExportFormat.MONEY_CSV, path, level="organization", per="flow")
    assert files == [path, tmp_path / "flows-nodes.csv"]
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:4] == ["Source", "Target", "Weight", "Label"]
    by_deal = {row["deals"]: row for row in rows}
    assert set(by_deal) == {"lab-chips", "labco-chips", "stake", "inside", "rent", "gift"}
    assert by_deal["labco-chips"]["Source"] == "labco" and by_deal["labco-chips"]["usd"] == ""
    assert float(by_deal["inside"]["Weight"]) == 9e9 and by_deal["inside"]["valued"] == "1"
    assert by_deal["rent"]["start"] == "2025-02-01" and by_deal["rent"]["end"] == "2027-02-28"
    early = tmp_path / "early.csv"
    export(graph, ExportFormat.MONEY_CSV, early, as_of=PartialDate.parse("2025-01"))
    with early.open(newline="") as handle:
        pairs = {(row["Source"], row["Target"]) for row in csv.DictReader(handle)}
    assert pairs == {("chipco", "lab")}  # only the January stake was in force then


def test_export_money_from_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from aigraph.cli import app

    runner = CliRunner()
    out = tmp_path / "m.gexf"
    result = runner.invoke(app, ["export", "--format", "money-gexf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = nx.read_gexf(out)
    assert back.nodes["nvidia"]["label"] == "Nvidia" and back.has_edge("nvidia", "openai")
    wrong = runner.invoke(app, ["export", "--format", "gexf", "--per", "flow", "-o", str(out)])
    assert wrong.exit_code == 2 and "money-gexf" in wrong.output
