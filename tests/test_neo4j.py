"""The Neo4j path against a real Bolt server (ArcadeDB): load, idempotence, cleanup, parity of
every query with the embedded graph, read-only queries, and the error paths."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from seeds import deal, org, product, seeded
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.graph import EmbeddedGraph
from aigraph.graph.outputs.neo4j import (
    KEY_LABELS,
    Neo4jConnectionError,
    Neo4jSettings,
    check_database,
    open_driver,
    write_graph,
)
from aigraph.loaders import CURATED_DIR, load_curated
from aigraph.queries import QUERIES
from aigraph.queries.neo4j_backend import run_on_neo4j
from aigraph.queries.spec import ReadOnlyViolation

pytestmark = pytest.mark.neo4j


def read(driver, database, cypher, **parameters):
    with driver.session(database=database) as session:
        return session.execute_read(lambda tx: [r.data() for r in tx.run(cypher, parameters)])


def load(driver, settings, graph, **options):
    return write_graph(driver, graph, database=settings.database, **options)


def expected_counts(graph: EmbeddedGraph) -> tuple[Counter, Counter]:
    labels = Counter(label for _, d in graph.graph.nodes(data=True) for label in d["labels"])
    types = Counter(d["type"] for _, _, d in graph.graph.edges(data=True))
    return labels, types


def snapshot(driver, database):
    nodes = read(driver, database, "MATCH (n) RETURN n.id AS id, properties(n) AS p ORDER BY id")
    rels = read(
        driver,
        database,
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p "
        "ORDER BY a, t, b, r.key",
    )
    return nodes, rels


@pytest.fixture(scope="module")
def curated_graph() -> EmbeddedGraph:
    return EmbeddedGraph(load_curated())


@pytest.fixture
def curated_loaded(bolt_driver, bolt_settings, curated_graph):
    """The test server holding the curated graph (each test that needs it loads it again)."""
    load(bolt_driver, bolt_settings, curated_graph)
    return curated_graph


def test_load_writes_every_node_and_relationship_with_constraints_first(
    bolt_driver, bolt_settings, curated_loaded
):
    report = check_database(bolt_driver, bolt_settings)
    assert report.constraints_missing == []
    assert set(report.constraints_present) == set(KEY_LABELS)
    labels, types = expected_counts(curated_loaded)
    assert report.nodes == {label: labels[label] for label in KEY_LABELS}
    assert report.relationships == {t: types[t] for t in report.relationships}
    shown = read(bolt_driver, bolt_settings.database, "SHOW CONSTRAINTS")
    assert {row["name"] for row in shown} >= {"organization_id", "deal_id", "claim_id"}


def test_sample_nodes_and_relationships_keep_their_properties(
    bolt_driver, bolt_settings, curated_loaded
):
    db = bolt_settings.database
    (lease,) = read(
        bolt_driver,
        db,
        "MATCH (d:Deal:ComputeLease {id: $id}) RETURN properties(d) AS p",
        id="reflection-spacex-colossus-lease",
    )
    assert lease["p"]["value"] == 150e6 and lease["p"]["value_period"] == "per-month"
    assert lease["p"]["term_end"] == "2029-05" and lease["p"]["derived_total"] == 5.25e9
    parties = read(
        bolt_driver,
        db,
        "MATCH (o:Organization)-[r:PARTY_TO]->(:Deal {id: $id}) RETURN o.id AS o, r.role AS role "
        "ORDER BY o",
        id="reflection-spacex-colossus-lease",
    )
    assert parties == [
        {"o": "reflection-ai", "role": "customer"},
        {"o": "spacex", "role": "provider"},
    ]
    (pays,) = read(
        bolt_driver,
        db,
        "MATCH (:Organization {id: 'anthropic'})-[r:PAYS]->(:Organization {id: 'spacex'}) "
        "RETURN properties(r) AS p",
    )
    assert pays["p"]["deal"] == "anthropic-spacex-colossus-lease"
    assert pays["p"]["amount"] == 1.25e9 and pays["p"]["status"] == "signed"
    (merged,) = read(
        bolt_driver,
        db,
        "MATCH (:Organization {id: 'xai'})-[r:MERGED_INTO]->(p:Organization) "
        "RETURN p.id AS parent, r.since AS since",
    )
    assert merged == {"parent": "spacex", "since": "2026-02-02"}
    conflict = read(
        bolt_driver,
        db,
        "MATCH (:Deal {id: $id})-[:HAS_CLAIM]->(c:Claim {attribute: 'end'}) "
        "RETURN c.claimed_value AS value ORDER BY c.position",
        id="reflection-spacex-colossus-lease",
    )
    assert [c["value"] for c in conflict] == ["2029-05", "2029-12", "2029-12"]  # two sources


def test_a_researchers_own_cypher_finds_the_lease(bolt_driver, bolt_settings, curated_loaded):
    (row,) = read(
        bolt_driver,
        bolt_settings.database,
        "MATCH (a:Organization {id:'anthropic'})-[*1..2]-(b:Organization {id:'spacex'}) "
        "RETURN count(*) AS paths",
    )
    assert row["paths"] > 0


def test_loading_twice_gives_the_same_graph(bolt_driver, bolt_settings, curated_graph):
    first = load(bolt_driver, bolt_settings, curated_graph)
    before = snapshot(bolt_driver, bolt_settings.database)
    second = load(bolt_driver, bolt_settings, curated_graph, batch_size=7)
    assert snapshot(bolt_driver, bolt_settings.database) == before
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert (second.nodes_removed, second.relationships_removed) == (0, 0)
    assert second.nodes_updated == first.nodes_created + first.nodes_updated
    assert second.stamp == first.stamp


def test_a_removed_record_disappears_on_the_next_load(bolt_driver, bolt_settings, tmp_path):
    data = tmp_path / "dataset"
    shutil.copytree(CURATED_DIR, data, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    full = EmbeddedGraph(load_curated(data))
    load(bolt_driver, bolt_settings, full)
    deals_file = data / "deals-neoclouds.yaml"
    text = deals_file.read_text()
    start = text.index("  - id: meta-oracle-20b-talks")
    end = text.index("  - id: meta-nvidia-multiyear")
    deals_file.write_text(text[:start] + text[end:])
    smaller = EmbeddedGraph(load_curated(data))
    summary = load(bolt_driver, bolt_settings, smaller)
    assert summary.nodes_removed == 1
    assert summary.relationships_removed >= 4  # PARTY_TO x2, CITES, PAYS, GROUP_PAYS
    db = bolt_settings.database
    assert read(bolt_driver, db, "MATCH (d:Deal {id: 'meta-oracle-20b-talks'}) RETURN d") == []
    assert (
        read(bolt_driver, db, "MATCH ()-[r:PAYS {deal: 'meta-oracle-20b-talks'}]->() RETURN r")
        == []
    )
    labels, types = expected_counts(smaller)
    report = check_database(bolt_driver, bolt_settings)
    assert report.nodes == {label: labels[label] for label in KEY_LABELS}
    assert report.relationships == {t: types[t] for t in report.relationships}


def test_a_deal_whose_kind_changed_is_relabelled(bolt_driver, bolt_settings, tmp_path):
    organizations = [org("lab"), org("cloud")]
    load(
        bolt_driver,
        bolt_settings,
        seeded(tmp_path / "a", organizations, [deal("d", "compute-lease", "lab", "cloud")]),
    )
    load(
        bolt_driver,
        bolt_settings,
        seeded(tmp_path / "b", organizations, [deal("d", "cloud-commitment", "lab", "cloud")]),
    )
    (row,) = read(
        bolt_driver, bolt_settings.database, "MATCH (d:Deal {id: 'd'}) RETURN labels(d) AS l"
    )
    assert set(row["l"]) == {"Deal", "CloudCommitment"}


def dumps(rows):
    return [row.model_dump(mode="json") for row in rows]


def test_parity_on_the_curated_data(bolt_driver, bolt_settings, curated_loaded):
    for query_id, query in QUERIES.items():
        for values in query.parity:
            params = query.params(**values)
            embedded = dumps(query.run(curated_loaded, params))
            on_neo4j = dumps(run_on_neo4j(bolt_driver, query, params, bolt_settings.database))
            assert on_neo4j == embedded, f"{query_id} {values}"
            if not values:
                assert embedded, f"{query_id} finds nothing on the curated data"


def seeded_graphs(tmp_path: Path):
    """The tiny graphs of the query tests, each with the queries to compare on it."""
    names = [org("chipco"), org("lab"), org("cloud"), org("sub", parent="chipco", since="2025-01")]
    yield seeded(
        tmp_path / "loops",
        names,
        [
            deal("stake", "investment", "chipco", "lab", value="2B USD", start="2024-01"),
            deal(
                "rent",
                "compute-lease",
                "lab",
                "sub",
                value="100M USD/month",
                start="2025-01",
                end="2026-12",
            ),
            deal("rumour", "investment", "cloud", "lab", status="rumoured"),
            deal("gpus", "chip-supply", "lab", "cloud", value=None, quantities=["5000 GPU"]),
            deal("old", "compute-lease", "cloud", "chipco", start="2020-01", end="2021-01"),
        ],
        [product("model", "lab", "llm-market"), product("rival", "sub", "llm-market")],
    )
    yield seeded(
        tmp_path / "rules",
        [
            org("chipco"),
            org("lab"),
            org("cloud"),
            org(
                "bought",
                parent="chipco",
                relation="acquired-by",
                since="2025-06",
                status="completed",
                by_deal="buyout",
            ),
            org(
                "pending",
                parent="cloud",
                relation="acquired-by",
                status="announced",
                by_deal="offer",
            ),
        ],
        [
            deal("letter", "investment", "chipco", "lab", announced="2023-09", value="9B USD"),
            deal(
                "round",
                "investment",
                "chipco",
                "lab",
                announced="2024-02",
                value="3B USD",
                extra={"supersedes": "letter"},
            ),
            deal("paused", "investment", "cloud", "lab", announced="2024-01", status="on-hold"),
            deal(
                "sold",
                "investment",
                "lab",
                "cloud",
                start="2022-01",
                end="2022-03",
                extra={"exited": "2024-01"},
            ),
            deal("chips", "chip-supply", "lab", "chipco", announced="2024-03", value="1B USD"),
            deal("rent", "compute-lease", "lab", "bought", start="2025-01", end="2027-12"),
            deal("host", "compute-lease", "cloud", "pending", start="2023-01"),
            deal(
                "buyout",
                "acquisition",
                "chipco",
                "bought",
                announced="2025-03",
                status="completed",
                confidence="low",
                value=None,
            ),
            deal(
                "offer",
                "acquisition",
                "cloud",
                "pending",
                announced="2025-03",
                status="announced",
                value=None,
            ),
        ],
        [
            product("model", "lab", "llm-market"),
            product("rival", "bought", "llm-market"),
            product("other", "pending", "llm-market"),
        ],
    )
    yield seeded(
        tmp_path / "no-market",
        [org("lab"), org("cloud")],
        [deal("rent", "compute-lease", "lab", "cloud"), deal("buy", "chip-supply", "cloud", "lab")],
        [product("model", "lab", "llm-market"), product("vm", "cloud", "cloud-market")],
    )


def test_parity_on_the_seeded_test_graphs(bolt_driver, bolt_settings, tmp_path):
    checked = 0
    for graph in seeded_graphs(tmp_path):
        load(bolt_driver, bolt_settings, graph)
        for query in QUERIES.values():
            variants = [{}, {"as_of": "2024-06"}, {"min_status": "signed"}]
            fields = query.params.model_fields
            if "include_inactive" in fields:
                variants += [
                    {"include_inactive": True},
                    {"min_confidence": "medium"},
                    {"as_of": "2026-06", "window_years": 1},
                    {"as_of": "2023-06", "include_inactive": True},
                ]
            if "any_order" in fields:
                variants += [{"any_order": True}, {"any_order": True, "include_inactive": True}]
            if query.id == "money-paths":
                variants = [
                    {"source": "chipco", "target": "cloud"},
                    {"source": "lab", "target": "cloud"},
                ]
            if query.id in ("conflicts",):
                variants = [{}]
            for values in variants:
                params = query.params(**values)
                embedded = dumps(query.run(graph, params))
                on_neo4j = dumps(run_on_neo4j(bolt_driver, query, params, bolt_settings.database))
                assert on_neo4j == embedded, f"{query.id} {values}"
                checked += 1
    assert checked > 60


HIDDEN_WRITES = [
    "MATCH (d:Deal) SET d.touched = true RETURN properties(d) AS deal",
    "MATCH (d:Deal) CALL { WITH d SET d.touched = true } RETURN properties(d) AS deal",
    "MATCH (d:Deal) FOREACH (x IN [1] | SET d.touched = true) RETURN properties(d) AS deal",
    "CALL apoc.create.node(['Touched'], {}) YIELD node RETURN properties(node) AS deal",
    "CALL custom.writer() YIELD deal RETURN deal",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row AS deal",
    "MATCH (d:Deal) WITH d, 'a//b' AS s SET d.touched = true RETURN properties(d) AS deal",
    "MATCH (d:Deal) /* read */ SET d.touched = true RETURN properties(d) AS deal",
    'MATCH (d:Deal) WITH d, "it\\"s" AS s SET d.touched = true RETURN properties(d) AS deal',
]


@pytest.mark.parametrize("cypher", HIDDEN_WRITES)
def test_a_query_that_would_write_is_refused_even_when_the_write_is_hidden(
    bolt_driver, bolt_settings, tmp_path, cypher
):
    (tmp_path / "deals.cypher").write_text(f"// id: deals\n{cypher}\n")
    writing = dataclasses.replace(QUERIES["deals"], cypher_dir=tmp_path)
    with pytest.raises(ReadOnlyViolation, match="would write"):
        run_on_neo4j(bolt_driver, writing, database=bolt_settings.database)
    touched = read(
        bolt_driver, bolt_settings.database, "MATCH (d:Deal) WHERE d.touched RETURN count(d) AS c"
    )
    assert touched == [{"c": 0}]


def test_foreign_data_survives_loads_and_reloads(bolt_driver, bolt_settings, tmp_path):
    """Nodes and relationships aigraph did not write stay, whatever their label or type; only
    what an earlier load wrote (between two of its nodes) is swept."""
    db = bolt_settings.database
    graph = seeded(
        tmp_path, [org("chipco"), org("lab")], [deal("buy", "chip-supply", "lab", "chipco")]
    )
    load(bolt_driver, bolt_settings, graph)
    with bolt_driver.session(database=db) as session:
        session.run(
            "CREATE (:Note {text: 'mine'})-[:PAYS {deal: 'mine'}]->(:Note {text: 'yours'}) "
            "CREATE (:Organization {id: 'my-own-org', name: 'Mine'}) "
            "WITH 1 AS one MATCH (a:Organization {id: 'lab'}), (b:Organization {id: 'chipco'}) "
            "CREATE (a)-[:PAYS {deal: 'my-note'}]->(b) "
            "CREATE (a)-[:PARTY_TO {load_stamp: 'old'}]->(:Note {text: 'linked'})"
        ).consume()
    smaller = seeded(tmp_path / "again", [org("chipco"), org("lab")], [])
    for _ in range(2):
        load(bolt_driver, bolt_settings, smaller)
    foreign = read(
        bolt_driver,
        db,
        "MATCH (n) WHERE n.load_stamp IS NULL RETURN coalesce(n.text, n.id) AS what ORDER BY what",
    )
    assert [row["what"] for row in foreign] == ["linked", "mine", "my-own-org", "yours"]
    kept = read(
        bolt_driver,
        db,
        "MATCH ()-[r]->() WHERE r.deal IN ['mine', 'my-note'] OR "
        "r.load_stamp = 'old' RETURN type(r) AS t, r.deal AS deal ORDER BY t, deal",
    )
    assert kept == [
        {"t": "PARTY_TO", "deal": None},
        {"t": "PAYS", "deal": "mine"},
        {"t": "PAYS", "deal": "my-note"},
    ]
    assert read(bolt_driver, db, "MATCH (d:Deal {id: 'buy'}) RETURN d") == []  # ours: swept
    with bolt_driver.session(database=db) as session:  # leave the shared server clean
        session.run("MATCH (n) WHERE n.load_stamp IS NULL DETACH DELETE n").consume()
        session.run(
            "MATCH ()-[r]->() WHERE r.load_stamp IS NULL OR r.load_stamp = 'old' DELETE r"
        ).consume()


def test_a_reload_keeps_what_a_researcher_set_and_drops_what_the_data_lost(
    bolt_driver, bolt_settings, tmp_path
):
    """A tag set by hand on an aigraph node or relationship survives a reload; a model property
    the data no longer has (the deal's end) is removed."""
    db = bolt_settings.database
    orgs = [org("chipco"), org("lab")]
    ended = seeded(
        tmp_path,
        orgs,
        [deal("buy", "chip-supply", "lab", "chipco", start="2025-01", end="2027-01")],
    )
    open_ended = seeded(
        tmp_path / "again", orgs, [deal("buy", "chip-supply", "lab", "chipco", start="2025-01")]
    )
    load(bolt_driver, bolt_settings, ended)
    with bolt_driver.session(database=db) as session:
        session.run(
            "MATCH (o:Organization {id: 'lab'})-[r:PARTY_TO]->(d:Deal {id: 'buy'}) "
            "SET d.my_tag = 'check the end date', o.my_note = 'mine', r.my_weight = 3"
        ).consume()
    for graph in (open_ended, open_ended):  # twice: the second load changes nothing
        load(bolt_driver, bolt_settings, graph)
    (row,) = read(
        bolt_driver,
        db,
        "MATCH (o:Organization {id: 'lab'})-[r:PARTY_TO]->(d:Deal {id: 'buy'}) "
        "RETURN d.my_tag AS tag, o.my_note AS note, r.my_weight AS weight, "
        "d.term_end AS term_end, d.term_start AS term_start, d.status AS status",
    )
    assert row == {
        "tag": "check the end date",
        "note": "mine",
        "weight": 3,
        "term_end": None,
        "term_start": "2025-01",
        "status": "signed",
    }
    with bolt_driver.session(database=db) as session:  # leave the shared server clean
        session.run("MATCH (n) WHERE n.load_stamp IS NOT NULL DETACH DELETE n").consume()


def test_unreachable_server_is_one_clear_line_without_the_password():
    settings = Neo4jSettings(uri="bolt://127.0.0.1:1", username="u", password="s3cret-pw")
    with pytest.raises(Neo4jConnectionError) as caught:
        open_driver(settings)
    assert str(caught.value) == "server unreachable at bolt://127.0.0.1:1"


def test_credentials_in_the_uri_never_show(bolt_server):
    settings = Neo4jSettings(
        uri=f"neo4j://root:s3cret-pw@127.0.0.1:{bolt_server.bolt_port}", password="s3cret-pw"
    )
    with pytest.raises(Neo4jConnectionError) as caught:
        open_driver(settings)
    assert "s3cret-pw" not in str(caught.value) and "\n" not in str(caught.value)


def test_bad_credentials_and_unknown_database(bolt_server):
    wrong = Neo4jSettings(uri=bolt_server.uri, username="root", password="wrong-password")
    with pytest.raises(Neo4jConnectionError, match="bad credentials for user 'root'"):
        open_driver(wrong)
    missing = Neo4jSettings(
        uri=bolt_server.uri, username="root", password=bolt_server.password, database="no-such-db"
    )
    with pytest.raises(Neo4jConnectionError, match="unknown database 'no-such-db'"):
        open_driver(missing)


def test_neo4j_routing_scheme_connects(bolt_server):
    settings = Neo4jSettings(
        uri=f"neo4j://127.0.0.1:{bolt_server.bolt_port}",
        username="root",
        password=bolt_server.password,
        database=bolt_server.database,
    )
    driver = open_driver(settings)
    driver.close()


def test_settings_come_from_the_environment():
    env = {
        "NEO4J_URI": "neo4j+s://example.databases.neo4j.io",
        "NEO4J_USERNAME": "me",
        "NEO4J_PASSWORD": "pw",
        "NEO4J_DATABASE": "graph",
    }
    settings = Neo4jSettings.from_env(environ=env)
    assert (settings.uri, settings.username, settings.database) == (env["NEO4J_URI"], "me", "graph")
    assert settings.password.get_secret_value() == "pw" and "pw" not in repr(settings)
    assert Neo4jSettings.from_env(uri="bolt://other:7687", environ=env).uri == "bolt://other:7687"


runner = CliRunner()


def cli(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


def server_env(server) -> dict[str, str]:
    return {
        "NEO4J_URI": server.uri,
        "NEO4J_USERNAME": server.username,
        "NEO4J_PASSWORD": server.password,
        "NEO4J_DATABASE": server.database,
    }


def test_cli_load_check_and_query_on_neo4j(bolt_server):
    env = server_env(bolt_server)
    loaded = cli("neo4j", "load", "--batch-size", "1000", env=env)
    assert loaded.exit_code == 0, loaded.output
    assert "created" in loaded.output and "removed" in loaded.output
    checked = cli("neo4j", "check", "--json", env=env)
    assert checked.exit_code == 0
    report = json.loads(checked.output)
    assert report["agent"].startswith("Neo4j/5") and report["constraints_missing"] == []
    on_neo4j = cli("query", "circular-financing", "--backend", "neo4j", "--json", env=env)
    embedded = cli("query", "circular-financing", "--json")
    assert on_neo4j.exit_code == 0, on_neo4j.output
    assert json.loads(on_neo4j.output) == json.loads(embedded.output)
    assert bolt_server.password not in loaded.output + checked.output + on_neo4j.output


def test_cli_neo4j_errors_exit_3_in_one_line(bolt_server):
    env = server_env(bolt_server)
    unreachable = cli("neo4j", "check", "--uri", "bolt://127.0.0.1:1", env=env)
    bad_login = cli("neo4j", "check", "--password", "wrong-password", env=env)
    no_db = cli("neo4j", "load", "--database", "no-such-db", env=env)
    for result, text in (
        (unreachable, "server unreachable"),
        (bad_login, "bad credentials"),
        (no_db, "unknown database"),
    ):
        assert result.exit_code == 3, result.output
        assert text in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1
        assert bolt_server.password not in result.output


def test_the_readme_first_cypher_query_runs(bolt_driver, bolt_settings, curated_loaded):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    cypher = readme.split("```cypher\n", 1)[1].split("```", 1)[0]
    rows = read(bolt_driver, bolt_settings.database, cypher)
    assert {row["customer"] for row in rows} == {
        "Anthropic",
        "Google",
        "Reflection AI",
        "Anysphere",
    }
    reflection = next(row for row in rows if row["customer"] == "Reflection AI")
    assert reflection["rate"] == "150M USD/month" and reflection["end"] == "2029-05"


@pytest.mark.parametrize("source", ["fixtures", "snapshot"])
def test_parity_with_epoch_data(bolt_driver, bolt_settings, need_shared, source):
    from aigraph.loaders.epoch import FILES, load_epoch

    if source == "fixtures":
        directory = Path(__file__).resolve().parent / "fixtures" / "epoch"
    else:
        directory = need_shared("data", "epoch")
        for name in FILES.values():
            need_shared("data", "epoch", name)
    graph = EmbeddedGraph(load_epoch(directory, load_curated())[0])
    load(bolt_driver, bolt_settings, graph)
    for query in QUERIES.values():
        for values in ({}, {"planned": True}) if query.id == "supplier-dependence" else ({},):
            params = query.params(**values)
            embedded = dumps(query.run(graph, params))
            on_neo4j = dumps(run_on_neo4j(bolt_driver, query, params, bolt_settings.database))
            assert on_neo4j == embedded, f"{query.id} {values} on {source}"
